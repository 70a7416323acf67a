using System.Text;

namespace Deliberate.Engine.Sampling;

/// <summary>The result of feeding text to a <see cref="StopStringMatcher"/>.</summary>
/// <param name="Text">Text that is safe to emit now (before any stop string).</param>
/// <param name="StopString">The stop string that matched, or null.</param>
public readonly record struct StopMatch(string Text, string? StopString)
{
    public bool Stopped => StopString is not null;
}

/// <summary>
/// Finds stop strings in streamed output even when they span token boundaries. Text that might be the
/// start of a stop string is held back until the next fragment decides; on a match, the text before the
/// stop string is released and the stop string itself is not (OpenAI semantics: stop sequences are not
/// included in the output).
/// </summary>
public sealed class StopStringMatcher
{
    private readonly string[] _stops;
    private readonly StringBuilder _pending = new();
    private bool _stopped;

    public StopStringMatcher(IEnumerable<string> stopStrings)
    {
        ArgumentNullException.ThrowIfNull(stopStrings);
        _stops = [.. stopStrings.Where(s => !string.IsNullOrEmpty(s)).Distinct(StringComparer.Ordinal)];
    }

    /// <summary>Feeds the next decoded fragment.</summary>
    public StopMatch Push(string fragment)
    {
        ArgumentNullException.ThrowIfNull(fragment);
        if (_stopped)
        {
            return new StopMatch("", null);
        }

        if (_stops.Length == 0)
        {
            return new StopMatch(fragment, null);
        }

        _pending.Append(fragment);
        var text = _pending.ToString();
        var earliest = -1;
        string? match = null;
        foreach (var stop in _stops)
        {
            var at = text.IndexOf(stop, StringComparison.Ordinal);
            if (at >= 0 && (earliest < 0 || at < earliest || (at == earliest && stop.Length > match!.Length)))
            {
                earliest = at;
                match = stop;
            }
        }

        if (match is not null)
        {
            _stopped = true;
            _pending.Clear();
            return new StopMatch(text[..earliest], match);
        }

        var hold = 0;
        foreach (var stop in _stops)
        {
            hold = Math.Max(hold, PartialSuffix(text, stop));
        }

        _pending.Remove(0, text.Length - hold);
        return new StopMatch(text[..^hold], null);
    }

    /// <summary>End of generation without a match: releases held-back text.</summary>
    public string Flush()
    {
        var rest = _pending.ToString();
        _pending.Clear();
        return rest;
    }

    private static int PartialSuffix(string text, string stop)
    {
        for (var length = Math.Min(stop.Length - 1, text.Length); length > 0; length--)
        {
            if (string.CompareOrdinal(text, text.Length - length, stop, 0, length) == 0)
            {
                return length;
            }
        }

        return 0;
    }
}

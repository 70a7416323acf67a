namespace Deliberate.Engine.Sampling;

/// <summary>
/// Finds stop strings in streamed output even when they span token boundaries. Text that might be the
/// start of a stop string is held back until the next fragment decides; on a match, the text before the
/// stop string is released and the stop string itself is not (OpenAI semantics: stop sequences are not
/// included in the output). Released text goes to an <see cref="ITextOutput"/> as spans of one buffer that grows
/// only for a longer fragment than it has held before, so matching allocates nothing per token.
/// </summary>
public sealed class StopStringMatcher
{
    private readonly string[] _stops;
    private char[] _pending = new char[64];
    private int _length;

    public StopStringMatcher(IEnumerable<string> stopStrings)
    {
        ArgumentNullException.ThrowIfNull(stopStrings);
        _stops = [.. stopStrings.Where(s => !string.IsNullOrEmpty(s)).Distinct(StringComparer.Ordinal)];
    }

    /// <summary>The stop string that matched, once one has; later fragments are dropped.</summary>
    public string? Matched { get; private set; }

    /// <summary>Feeds the next decoded fragment; writes what is safe to emit now. Returns true when a stop string matched.</summary>
    public bool Push(ReadOnlySpan<char> fragment, ITextOutput output)
    {
        ArgumentNullException.ThrowIfNull(output);
        if (Matched is not null)
        {
            return true;
        }

        if (_stops.Length == 0)
        {
            Write(output, fragment);
            return false;
        }

        if (_length + fragment.Length > _pending.Length)
        {
            Array.Resize(ref _pending, Math.Max(_length + fragment.Length, _pending.Length * 2));
        }

        fragment.CopyTo(_pending.AsSpan(_length));
        _length += fragment.Length;
        ReadOnlySpan<char> text = _pending.AsSpan(0, _length);
        var earliest = -1;
        foreach (var stop in _stops)
        {
            var at = text.IndexOf(stop, StringComparison.Ordinal);
            if (at >= 0 && (earliest < 0 || at < earliest || (at == earliest && stop.Length > Matched!.Length)))
            {
                earliest = at;
                Matched = stop;
            }
        }

        if (Matched is not null)
        {
            Write(output, text[..earliest]);
            _length = 0;
            return true;
        }

        var hold = 0;
        foreach (var stop in _stops)
        {
            hold = Math.Max(hold, PartialSuffix(text, stop));
        }

        Write(output, text[..^hold]);
        text[^hold..].CopyTo(_pending);
        _length = hold;
        return false;
    }

    /// <summary>End of generation without a match: releases held-back text.</summary>
    public void Flush(ITextOutput output)
    {
        ArgumentNullException.ThrowIfNull(output);
        Write(output, _pending.AsSpan(0, _length));
        _length = 0;
    }

    private static void Write(ITextOutput output, ReadOnlySpan<char> text)
    {
        if (text.Length > 0)
        {
            output.Write(text);
        }
    }

    private static int PartialSuffix(ReadOnlySpan<char> text, string stop)
    {
        for (var length = Math.Min(stop.Length - 1, text.Length); length > 0; length--)
        {
            if (text[^length..].SequenceEqual(stop.AsSpan(0, length)))
            {
                return length;
            }
        }

        return 0;
    }
}

namespace Deliberate.Engine.Sampling;

/// <summary>Why generation ended (maps to OpenAI's finish_reason: "stop" for the first two, "length" for the last).</summary>
public enum StopReason
{
    /// <summary>An end-of-generation token (EOS, <c>&lt;|im_end|&gt;</c>, <c>&lt;|return|&gt;</c>, …).</summary>
    StopToken,
    /// <summary>A caller-supplied stop string appeared in the text.</summary>
    StopString,
    /// <summary>The max-token limit was reached.</summary>
    MaxTokens,
}

/// <summary>What to emit for one generated token and whether to stop.</summary>
public readonly record struct GenerationStep(string Text, StopReason? Stop);

/// <summary>
/// The generation loop's stop conditions in one place: stop token ids, stop strings across token
/// boundaries (via <see cref="StopStringMatcher"/>) and a maximum number of generated tokens.
/// </summary>
public sealed class GenerationStopper
{
    private readonly HashSet<int> _stopTokens;
    private readonly StopStringMatcher _matcher;
    private readonly int _maxTokens;

    public GenerationStopper(int maxTokens, IEnumerable<int> stopTokenIds, IEnumerable<string> stopStrings)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxTokens);
        _maxTokens = maxTokens;
        _stopTokens = [.. stopTokenIds];
        _matcher = new StopStringMatcher(stopStrings);
    }

    public int GeneratedTokens { get; private set; }

    public bool IsStopped { get; private set; }

    /// <summary>Feeds one generated token and its decoded text (empty while a UTF-8 sequence is incomplete).</summary>
    public GenerationStep Next(int tokenId, string decodedText)
    {
        if (IsStopped)
        {
            return new GenerationStep("", null);
        }

        GeneratedTokens++;
        if (_stopTokens.Contains(tokenId))
        {
            IsStopped = true;
            return new GenerationStep(_matcher.Flush(), StopReason.StopToken);
        }

        var match = _matcher.Push(decodedText);
        if (match.Stopped)
        {
            IsStopped = true;
            return new GenerationStep(match.Text, StopReason.StopString);
        }

        if (GeneratedTokens >= _maxTokens)
        {
            IsStopped = true;
            return new GenerationStep(match.Text + _matcher.Flush(), StopReason.MaxTokens);
        }

        return new GenerationStep(match.Text, null);
    }
}

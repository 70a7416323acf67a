using System.Runtime.InteropServices;

namespace Deliberate.Engine.Grammar;

/// <summary>
/// The shortest way to finish the value from where the matcher stands, or from where some bytes would take it: what a
/// generation that is about to run out of room writes to close its value (see docs/structured-outputs.md).
/// </summary>
public sealed partial class GrammarMatcher
{
    private List<byte>? _completionBytes;
    private Stack<int>? _completionPending;

    /// <summary>
    /// Fewest bytes that finish the value from here: 0 when it may end now (or has ended), otherwise the shortest
    /// completion over every way the output so far parses. The sum along the return stack of per-state distances
    /// computed once per grammar, so it costs a few additions per step and allocates nothing.
    /// </summary>
    public int ShortestCompletionBytes => Terminated ? 0 : ShortestOf(Current, out _);

    /// <summary>
    /// <see cref="ShortestCompletionBytes"/> as it would be after <paramref name="bytes"/> (the state is unchanged);
    /// <see cref="int.MaxValue"/> when they would be rejected.
    /// </summary>
    public int ShortestCompletionBytesAfter(ReadOnlySpan<byte> bytes)
    {
        var bytesLeft = BeginProbe(bytes, out var from, out var to, out var mark) ? ShortestOf(_next.Slice(from, to - from), out _) : int.MaxValue;
        EndProbe(mark);
        return bytesLeft;
    }

    /// <summary>
    /// Fills <paramref name="tokens"/> with the shortest completion (<see cref="ShortestCompletionBytes"/> bytes) cut into
    /// vocabulary tokens, longest token first; fed to <see cref="Accept"/> in order they leave the value complete
    /// (<see cref="CanTerminate"/>). False when some byte of it has no token in the vocabulary (or the value cannot be
    /// finished); <paramref name="tokens"/> is then empty. Every token holds at least one byte, so the count never exceeds
    /// <see cref="ShortestCompletionBytes"/>. Allocation-free once its scratch buffers have grown.
    /// </summary>
    public bool TryGetShortestCompletionTokens(List<int> tokens)
    {
        ArgumentNullException.ThrowIfNull(tokens);
        tokens.Clear();
        return Terminated || CutIntoTokens(Current, tokens);
    }

    /// <summary>
    /// <see cref="TryGetShortestCompletionTokens"/> as it would be after <paramref name="bytes"/> (the state is
    /// unchanged); false when they would be rejected.
    /// </summary>
    public bool TryGetShortestCompletionTokensAfter(ReadOnlySpan<byte> bytes, List<int> tokens)
    {
        ArgumentNullException.ThrowIfNull(tokens);
        tokens.Clear();
        var ok = BeginProbe(bytes, out var from, out var to, out var mark) && CutIntoTokens(_next.Slice(from, to - from), tokens);
        EndProbe(mark);
        return ok;
    }

    /// <summary>The shortest completion over <paramref name="configurations"/>, and which of them has it (-1: none can finish).</summary>
    private int ShortestOf(ReadOnlySpan<Configuration> configurations, out int best)
    {
        best = -1;
        var shortest = ShortestCompletions.Unreachable;
        for (var i = 0; i < configurations.Length; i++)
        {
            var bytes = CompletionBytes(configurations[i]);
            if (bytes < shortest)
                (best, shortest) = (i, bytes);
        }
        return shortest;
    }

    private bool CutIntoTokens(ReadOnlySpan<Configuration> configurations, List<int> tokens)
    {
        ShortestOf(configurations, out var best);
        if (best < 0)
            return false;
        var text = _completionBytes ??= [];
        var pending = _completionPending ??= new Stack<int>();
        text.Clear();
        var completions = _automaton.Completions;
        var c = configurations[best];
        completions.AppendPath(c.State, text, pending);
        for (var node = c.Stack; node >= 0; node = _arena.Parent(node))
            completions.AppendPath(_arena.ReturnState(node), text, pending);

        var rest = CollectionsMarshal.AsSpan(text);
        while (!rest.IsEmpty)
        {
            var length = _vocabulary.LongestTokenPrefix(rest, out var token);
            if (length == 0)
            {
                tokens.Clear();
                return false;
            }

            tokens.Add(token);
            rest = rest[length..];
        }

        return true;
    }

    private int CompletionBytes(Configuration c)
    {
        var completions = _automaton.Completions;
        long total = completions.Distance(c.State);
        for (var node = c.Stack; node >= 0; node = _arena.Parent(node))
            total += completions.Distance(_arena.ReturnState(node));
        return (int)Math.Min(total, ShortestCompletions.Unreachable);
    }
}

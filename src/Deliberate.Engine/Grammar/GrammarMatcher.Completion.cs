namespace Deliberate.Engine.Grammar;

/// <summary>
/// The shortest way to finish the value from where the matcher stands: what a generation that is about to run out of
/// room writes to close its value (see docs/structured-outputs.md).
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
    public int ShortestCompletionBytes
    {
        get
        {
            if (Terminated)
                return 0;
            var best = ShortestCompletions.Unreachable;
            foreach (var c in Current)
                best = Math.Min(best, CompletionBytes(c));
            return best;
        }
    }

    /// <summary>
    /// Fills <paramref name="tokens"/> with the shortest completion (<see cref="ShortestCompletionBytes"/> bytes) cut into
    /// vocabulary tokens, longest token first; fed to <see cref="Accept"/> in order they leave the value complete
    /// (<see cref="CanTerminate"/>). False when some byte of it has no token in the vocabulary (or the value cannot be
    /// finished); <paramref name="tokens"/> is then empty. Every token holds at least one byte, so the count never exceeds
    /// <see cref="ShortestCompletionBytes"/>.
    /// </summary>
    public bool TryGetShortestCompletionTokens(List<int> tokens)
    {
        ArgumentNullException.ThrowIfNull(tokens);
        tokens.Clear();
        if (Terminated)
            return true;
        var current = Current;
        var best = -1;
        var bestBytes = ShortestCompletions.Unreachable;
        for (var i = 0; i < current.Length; i++)
        {
            var bytes = CompletionBytes(current[i]);
            if (bytes < bestBytes)
                (best, bestBytes) = (i, bytes);
        }

        if (best < 0)
            return false;
        var text = _completionBytes ??= [];
        var pending = _completionPending ??= new Stack<int>();
        text.Clear();
        var completions = _automaton.Completions;
        var c = current[best];
        completions.AppendPath(c.State, text, pending);
        for (var node = c.Stack; node >= 0; node = _arena.Parent(node))
            completions.AppendPath(_arena.ReturnState(node), text, pending);

        var rest = System.Runtime.InteropServices.CollectionsMarshal.AsSpan(text);
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

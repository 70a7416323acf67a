namespace Deliberate.Engine.Grammar;

/// <summary>
/// Walks a <see cref="TokenTrie"/> depth-first, advancing the grammar configurations byte by byte, so every
/// shared prefix is checked once and a rejected prefix prunes its whole subtree. Marks the tokens whose bytes
/// all fit. Optionally records the trie nodes where the base frame of a context-free walk ended its rule
/// (there the rest of a token depends on the caller). Allocation-free once its buffers have grown.
/// </summary>
internal sealed class TrieWalker
{
    private readonly GrammarStepper _stepper;
    private Level[] _levels = new Level[64];

    public TrieWalker(GrammarStepper stepper)
    {
        _stepper = stepper;
    }

    /// <summary>Holds the initial configurations (at [0, n)) before <see cref="Walk"/>.</summary>
    public ConfigurationBuffer Buffer { get; } = new();

    public void Walk(TokenTrie trie, int initialCount, Span<ulong> accepted, List<(int Node, int Depth)>? popPoints)
    {
        var buf = Buffer;
        var arena = _stepper.Arena;
        var a = _stepper.Automaton;
        if (initialCount == 0)
            return;
        if (_levels.Length < trie.MaxDepth + 2)
            _levels = new Level[trie.MaxDepth + 2];
        MarkTokens(trie, TokenTrie.Root, accepted);
        _levels[0] = new Level(TokenTrie.Root, trie.EdgeStart[0], trie.EdgeStart[1], 0, initialCount, arena.Count);
        var depth = 0;
        while (depth >= 0)
        {
            ref var level = ref _levels[depth];
            if (level.EdgeCursor == level.EdgeEnd)
            {
                buf.Truncate(level.ConfStart);
                arena.Truncate(level.ArenaMark);
                depth--;
                continue;
            }
            var edge = level.EdgeCursor++;
            var b = trie.EdgeByte[edge];
            var child = trie.EdgeNode[edge];
            if (level.ConfEnd - level.ConfStart == 1 && LoopsOverSubtree(trie, buf[level.ConfStart].State, b, child, popPoints is null))
            {
                MarkSubtree(trie, child, accepted);
                continue;
            }
            var start = buf.Count;
            var mark = arena.Count;
            if (level.ConfEnd - level.ConfStart == 1 && TryStepDirect(buf[level.ConfStart], b, out var direct))
            {
                if (direct.State < 0)
                    continue;
                buf.AddUnique(start, direct);
            }
            else
            {
                for (var i = level.ConfStart; i < level.ConfEnd; i++)
                    _stepper.Step(buf[i], b, buf, start, intern: false);
            }
            if (buf.Count == start)
            {
                arena.Truncate(mark);
                continue;
            }
            MarkTokens(trie, child, accepted);
            if (popPoints is not null)
            {
                for (var i = start; i < buf.Count; i++)
                {
                    if (buf[i].Stack == StackArena.Base && a.Accepting[buf[i].State])
                    {
                        popPoints.Add((child, depth + 1));
                        break;
                    }
                }
            }
            depth++;
            _levels[depth] = new Level(child, trie.EdgeStart[child], trie.EdgeStart[child + 1], start, buf.Count, mark);
        }
        buf.Truncate(0);
    }

    /// <summary>
    /// Fast path for the common step: one configuration, a plain transition into a state without calls, and no
    /// return to a caller possible. Then the result is that one configuration (State -1: rejected).
    /// Anything else goes through <see cref="GrammarStepper.Step"/>.
    /// </summary>
    private bool TryStepDirect(Configuration c, byte b, out Configuration result)
    {
        var a = _stepper.Automaton;
        result = default;
        if (c.Stack >= 0 && a.Accepting[c.State])
            return false;
        var t = a.Next[c.State * a.ClassCount + a.ClassOf[b]];
        if (t < 0)
        {
            result = new Configuration(-1, c.Stack);
            return true;
        }
        if (a.CallStart[t] != a.CallStart[t + 1] || (c.Stack >= 0 && a.IsPureEnd(t)) || !(a.HasBytes[t] || a.Accepting[t]))
            return false;
        result = new Configuration(t, c.Stack);
        return true;
    }

    /// <summary>
    /// Fast path: the state loops to itself on <paramref name="b"/> and on every byte below
    /// <paramref name="child"/>, so every token there is accepted without walking it (inside a string this
    /// skips most of the vocabulary). Not taken where the state may end its rule and pop points are recorded.
    /// </summary>
    private bool LoopsOverSubtree(TokenTrie trie, int state, byte b, int child, bool popsIrrelevant)
    {
        var a = _stepper.Automaton;
        if (b >= 128 || trie.SubtreeNonAscii[child] || (!popsIrrelevant && a.Accepting[state]))
            return false;
        var low = a.SelfLoopLow[state];
        var high = a.SelfLoopHigh[state];
        var inLoop = b < 64 ? (low >> b & 1) != 0 : (high >> (b - 64) & 1) != 0;
        return inLoop && (trie.SubtreeLow[child] & ~low) == 0 && (trie.SubtreeHigh[child] & ~high) == 0;
    }

    private static void MarkSubtree(TokenTrie trie, int node, Span<ulong> accepted)
    {
        var end = trie.TokenStart[trie.SubtreeEnd[node]];
        for (var i = trie.TokenStart[node]; i < end; i++)
        {
            var t = trie.NodeTokens[i];
            accepted[t >> 6] |= 1UL << (t & 63);
        }
    }

    private static void MarkTokens(TokenTrie trie, int node, Span<ulong> accepted)
    {
        var end = trie.TokenStart[node + 1];
        for (var i = trie.TokenStart[node]; i < end; i++)
        {
            var t = trie.NodeTokens[i];
            accepted[t >> 6] |= 1UL << (t & 63);
        }
    }

    private struct Level(int node, int edgeCursor, int edgeEnd, int confStart, int confEnd, int arenaMark)
    {
        public int Node = node;
        public int EdgeCursor = edgeCursor;
        public int EdgeEnd = edgeEnd;
        public int ConfStart = confStart;
        public int ConfEnd = confEnd;
        public int ArenaMark = arenaMark;
    }
}

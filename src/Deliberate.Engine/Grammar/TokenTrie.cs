namespace Deliberate.Engine.Grammar;

/// <summary>
/// A byte trie over token byte strings (or over token suffixes), in flat arrays with nodes numbered in
/// preorder: node n's edges are <c>EdgeStart[n] .. EdgeStart[n+1]-1</c>, the tokens ending exactly at n are
/// <c>NodeTokens[TokenStart[n] .. TokenStart[n+1]-1]</c>, and n's subtree is the node range
/// <c>n .. SubtreeEnd[n]-1</c>. Walking it depth-first with a grammar state checks each shared prefix once.
/// </summary>
internal sealed class TokenTrie
{
    private TokenTrie(int[] edgeStart, byte[] edgeByte, int[] edgeNode, int[] tokenStart, int[] nodeTokens, int[] subtreeEnd, int maxDepth)
    {
        EdgeStart = edgeStart;
        EdgeByte = edgeByte;
        EdgeNode = edgeNode;
        TokenStart = tokenStart;
        NodeTokens = nodeTokens;
        SubtreeEnd = subtreeEnd;
        MaxDepth = maxDepth;
        // Bytes on the edges strictly below each node: children have larger ids, so one backward pass.
        var nodes = subtreeEnd.Length;
        SubtreeLow = new ulong[nodes];
        SubtreeHigh = new ulong[nodes];
        SubtreeNonAscii = new bool[nodes];
        for (var n = nodes - 1; n >= 0; n--)
        {
            for (var e = edgeStart[n]; e < edgeStart[n + 1]; e++)
            {
                var child = edgeNode[e];
                var b = edgeByte[e];
                SubtreeLow[n] |= SubtreeLow[child] | (b < 64 ? 1UL << b : 0);
                SubtreeHigh[n] |= SubtreeHigh[child] | (b is >= 64 and < 128 ? 1UL << (b - 64) : 0);
                SubtreeNonAscii[n] |= SubtreeNonAscii[child] | b >= 128;
            }
        }
    }

    /// <summary>Which ASCII bytes 0-63 occur on edges below each node.</summary>
    public ulong[] SubtreeLow { get; }

    /// <summary>Which ASCII bytes 64-127 occur on edges below each node.</summary>
    public ulong[] SubtreeHigh { get; }

    /// <summary>Whether a byte ≥ 128 occurs on an edge below each node.</summary>
    public bool[] SubtreeNonAscii { get; }

    public int[] EdgeStart { get; }

    public byte[] EdgeByte { get; }

    public int[] EdgeNode { get; }

    public int[] TokenStart { get; }

    public int[] NodeTokens { get; }

    public int[] SubtreeEnd { get; }

    public int MaxDepth { get; }

    public int NodeCount => SubtreeEnd.Length;

    public const int Root = 0;

    /// <summary>
    /// Builds a trie over <c>bytes(entry.Token)[entry.Offset..]</c> for each entry; the node where a suffix
    /// ends lists <c>entry.Token</c>. Empty suffixes end at the root.
    /// </summary>
    public static TokenTrie Build(IReadOnlyList<(int Token, int Offset)> entries, Func<int, ReadOnlyMemory<byte>> bytesOf)
    {
        var sorted = entries.ToArray();
        Array.Sort(sorted, (x, y) =>
        {
            var c = bytesOf(x.Token).Span[x.Offset..].SequenceCompareTo(bytesOf(y.Token).Span[y.Offset..]);
            return c != 0 ? c : x.Token.CompareTo(y.Token);
        });
        var builder = new Builder(sorted, bytesOf);
        builder.Run();
        return builder.Finish();
    }

    private sealed class Builder((int Token, int Offset)[] sorted, Func<int, ReadOnlyMemory<byte>> bytesOf)
    {
        private readonly List<int> _edgeStart = [];
        private readonly List<byte> _edgeByte = [];
        private readonly List<int> _edgeNode = [];
        private readonly List<int> _tokenStart = [];
        private readonly List<int> _nodeTokens = [];
        private readonly List<int> _subtreeEnd = [];
        private int _maxDepth;

        public void Run()
        {
            // Explicit stack: (range start, range end, depth, node id, next child index slot).
            var stack = new Stack<Frame>();
            stack.Push(NewNode(0, sorted.Length, 0));
            while (stack.Count > 0)
            {
                var frame = stack.Pop();
                if (frame.Cursor >= frame.End)
                {
                    _subtreeEnd[frame.Node] = _subtreeEnd.Count;
                    continue;
                }
                var b = ByteAt(frame.Cursor, frame.Depth);
                var groupEnd = frame.Cursor;
                while (groupEnd < frame.End && ByteAt(groupEnd, frame.Depth) == b)
                    groupEnd++;
                var edge = frame.EdgeCursor;
                _edgeByte[edge] = (byte)b;
                var child = NewNode(frame.Cursor, groupEnd, frame.Depth + 1);
                _edgeNode[edge] = child.Node;
                stack.Push(frame with { Cursor = groupEnd, EdgeCursor = edge + 1 });
                stack.Push(child);
            }
        }

        private int Length(int i) => bytesOf(sorted[i].Token).Length - sorted[i].Offset;

        private int ByteAt(int i, int depth) => bytesOf(sorted[i].Token).Span[sorted[i].Offset + depth];

        private Frame NewNode(int start, int end, int depth)
        {
            var node = _subtreeEnd.Count;
            _subtreeEnd.Add(-1);
            _maxDepth = Math.Max(_maxDepth, depth);
            _tokenStart.Add(_nodeTokens.Count);
            var cursor = start;
            while (cursor < end && Length(cursor) == depth)
                _nodeTokens.Add(sorted[cursor++].Token);
            // Count distinct next bytes to reserve this node's contiguous edge slots.
            var children = 0;
            for (var i = cursor; i < end;)
            {
                var b = ByteAt(i, depth);
                children++;
                while (i < end && ByteAt(i, depth) == b)
                    i++;
            }
            _edgeStart.Add(_edgeByte.Count);
            for (var i = 0; i < children; i++)
            {
                _edgeByte.Add(0);
                _edgeNode.Add(-1);
            }
            return new Frame(node, cursor, end, depth, _edgeStart[node]);
        }

        public TokenTrie Finish()
        {
            _edgeStart.Add(_edgeByte.Count);
            _tokenStart.Add(_nodeTokens.Count);
            return new TokenTrie([.. _edgeStart], [.. _edgeByte], [.. _edgeNode], [.. _tokenStart], [.. _nodeTokens], [.. _subtreeEnd], _maxDepth);
        }

        private readonly record struct Frame(int Node, int Cursor, int End, int Depth, int EdgeCursor);
    }
}

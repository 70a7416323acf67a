namespace Deliberate.Engine.Grammar;

/// <summary>
/// Return stacks of matcher configurations as a persistent linked list in flat arrays: node i holds a return
/// state and its parent node. Interned nodes (for states a matcher keeps) are hash-consed, so equal stacks
/// have equal ids and can key caches; temporary nodes (for speculative walks) are appended above a mark and
/// dropped with <see cref="Truncate"/>. Growth is amortised, so steady-state stepping allocates nothing.
/// </summary>
internal sealed class StackArena
{
    /// <summary>The empty stack: the root rule's caller (ending it ends the output).</summary>
    public const int Empty = -1;

    /// <summary>An unknown caller: used when a mask is precomputed independently of context.</summary>
    public const int Base = -2;

    private int[] _return = new int[256];
    private int[] _parent = new int[256];
    private readonly Dictionary<long, int> _interned = [];
    private int _internedCount;

    public int Count { get; private set; }

    public int ReturnState(int node) => _return[node];

    public int Parent(int node) => _parent[node];

    public int Push(int returnState, int parent, bool intern)
    {
        if (!intern)
            return Append(returnState, parent);
        var key = ((long)returnState << 32) | (uint)parent;
        if (_interned.TryGetValue(key, out var node))
            return node;
        // Interned nodes must sit below every temporary node, so one is only made when none is live.
        if (Count != _internedCount)
            throw new InvalidOperationException("interned push while temporary stack nodes are live");
        node = Append(returnState, parent);
        _internedCount = Count;
        _interned.Add(key, node);
        return node;
    }

    private int Append(int returnState, int parent)
    {
        if (Count == _return.Length)
        {
            Array.Resize(ref _return, Count * 2);
            Array.Resize(ref _parent, Count * 2);
        }
        _return[Count] = returnState;
        _parent[Count] = parent;
        return Count++;
    }

    /// <summary>Drops temporary nodes made after <paramref name="mark"/> (a value of <see cref="Count"/>).</summary>
    public void Truncate(int mark)
    {
        if (mark < _internedCount)
            mark = _internedCount;
        Count = mark;
    }

    public void Clear()
    {
        _interned.Clear();
        _internedCount = 0;
        Count = 0;
    }
}

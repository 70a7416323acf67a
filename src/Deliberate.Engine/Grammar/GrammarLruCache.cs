namespace Deliberate.Engine.Grammar;

/// <summary>
/// A small thread-safe least-recently-used cache of compiled grammars keyed by a hash of the schema text and
/// options, so a schema sent with every request is compiled once (and its precomputed masks are kept).
/// </summary>
internal sealed class GrammarLruCache
{
    private readonly Dictionary<string, LinkedListNode<(string Key, CompiledGrammar Grammar)>> _map = [];
    private readonly LinkedList<(string Key, CompiledGrammar Grammar)> _order = [];
    private readonly Lock _lock = new();

    public GrammarLruCache(int capacity)
    {
        Capacity = capacity;
    }

    public int Capacity { get; }

    public int Count
    {
        get
        {
            lock (_lock)
                return _map.Count;
        }
    }

    public bool TryGet(string key, out CompiledGrammar grammar)
    {
        lock (_lock)
        {
            if (_map.TryGetValue(key, out var node))
            {
                _order.Remove(node);
                _order.AddFirst(node);
                grammar = node.Value.Grammar;
                return true;
            }
        }
        grammar = null!;
        return false;
    }

    public void Add(string key, CompiledGrammar grammar)
    {
        lock (_lock)
        {
            if (_map.ContainsKey(key))
                return;
            _map[key] = _order.AddFirst((key, grammar));
            while (_map.Count > Capacity)
            {
                var last = _order.Last!;
                _order.RemoveLast();
                _map.Remove(last.Value.Key);
            }
        }
    }

    public void Clear()
    {
        lock (_lock)
        {
            _map.Clear();
            _order.Clear();
        }
    }
}

namespace Deliberate.Engine.Grammar;

/// <summary>
/// A matcher's bounded cache of full token masks per configuration (state plus interned stack). Inside a
/// long string the configuration repeats token after token, so most masks are a copy of a cached one.
/// Evicts first-in first-out and reuses the evicted bitset, so a warm matcher allocates nothing.
/// </summary>
internal sealed class ConfigurationMaskCache
{
    private readonly Dictionary<Configuration, ulong[]> _masks;
    private readonly Queue<Configuration> _order;
    private readonly int _capacity;
    private readonly int _words;

    public ConfigurationMaskCache(int capacity, int words)
    {
        _capacity = Math.Max(1, capacity);
        _words = words;
        _masks = new Dictionary<Configuration, ulong[]>(_capacity);
        _order = new Queue<Configuration>(_capacity);
    }

    public bool TryGet(Configuration c, out ulong[] mask) => _masks.TryGetValue(c, out mask!);

    /// <summary>A cleared bitset to fill for <paramref name="c"/>; stored immediately.</summary>
    public ulong[] Add(Configuration c)
    {
        ulong[] mask;
        if (_masks.Count >= _capacity)
        {
            var old = _order.Dequeue();
            _masks.Remove(old, out mask!);
            Array.Clear(mask);
        }
        else
            mask = new ulong[_words];
        _masks[c] = mask;
        _order.Enqueue(c);
        return mask;
    }

    public void Clear()
    {
        _masks.Clear();
        _order.Clear();
    }
}

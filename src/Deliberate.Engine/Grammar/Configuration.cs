namespace Deliberate.Engine.Grammar;

/// <summary>
/// One way the output so far can be parsed: the automaton state in the innermost rule, and the stack of
/// return states (a <see cref="StackArena"/> node, <see cref="StackArena.Empty"/> or <see cref="StackArena.Base"/>).
/// A matcher holds a set of these (more than one only where anyOf branches or type unions are ambiguous).
/// </summary>
internal readonly record struct Configuration(int State, int Stack);

/// <summary>A growable list of configurations used as the level buffer of walks (no allocation once grown).</summary>
internal sealed class ConfigurationBuffer
{
    private Configuration[] _items = new Configuration[64];

    public int Count { get; private set; }

    public ref Configuration this[int index] => ref _items[index];

    public ReadOnlySpan<Configuration> Slice(int start, int length) => _items.AsSpan(start, length);

    /// <summary>Adds unless an equal configuration is already in [<paramref name="from"/>, Count).</summary>
    public void AddUnique(int from, Configuration c)
    {
        for (var i = from; i < Count; i++)
        {
            if (_items[i] == c)
                return;
        }
        if (Count == _items.Length)
            Array.Resize(ref _items, Count * 2);
        _items[Count++] = c;
    }

    public void Truncate(int count) => Count = count;
}

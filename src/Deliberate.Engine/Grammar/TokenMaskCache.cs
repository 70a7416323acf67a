using System.Numerics;

namespace Deliberate.Engine.Grammar;

/// <summary>
/// Context-independent token masks of one grammar over one vocabulary, computed lazily per automaton state
/// and shared by all matchers (thread-safe). For state s the vocabulary trie is walked with an unknown caller
/// (<see cref="StackArena.Base"/>): tokens that fit without leaving s's rule are accepted whatever the
/// caller; tokens that run past the end of the rule are kept, as suffix tries, for a walk with the real
/// caller (XGrammar's split into context-independent and context-dependent tokens). Inside a free string,
/// for example, every token without '"', '\' or control bytes lands in the precomputed set.
/// </summary>
internal sealed class TokenMaskCache
{
    private readonly GrammarAutomaton _automaton;
    private readonly TokenVocabulary _vocabulary;
    private readonly InsideMask?[] _entries;
    private readonly Lock _lock = new();
    private readonly TrieWalker _walker;
    private readonly ulong[] _scratch;
    private readonly List<(int Node, int Depth)> _popPoints = [];

    public TokenMaskCache(GrammarAutomaton automaton, TokenVocabulary vocabulary)
    {
        _automaton = automaton;
        _vocabulary = vocabulary;
        _entries = new InsideMask?[automaton.StateCount];
        _walker = new TrieWalker(new GrammarStepper(automaton, new StackArena()));
        _scratch = new ulong[vocabulary.MaskLength];
    }

    public TokenVocabulary Vocabulary => _vocabulary;

    /// <summary>Number of states whose masks have been computed.</summary>
    public int ComputedStates
    {
        get
        {
            var n = 0;
            foreach (var e in _entries)
            {
                if (e is not null)
                    n++;
            }
            return n;
        }
    }

    public InsideMask Get(int state)
    {
        var entry = Volatile.Read(ref _entries[state]);
        if (entry is not null)
            return entry;
        lock (_lock)
        {
            entry = _entries[state];
            if (entry is null)
            {
                entry = Compute(state);
                Volatile.Write(ref _entries[state], entry);
            }
            return entry;
        }
    }

    private InsideMask Compute(int state)
    {
        // A state whose reachable automaton is small and call-free behaves the same in every grammar that
        // has an identical piece (plain strings, numbers, formats): share its mask through the vocabulary.
        var signature = SmallAutomatonSignature.Of(_automaton, state);
        if (signature is not null && _vocabulary.SharedMasks.TryGetValue(signature, out var shared))
            return shared;
        var computed = ComputeWalk(state);
        if (signature is not null && _vocabulary.SharedMasks.Count < TokenVocabulary.MaxSharedMasks)
            _vocabulary.SharedMasks.TryAdd(signature, computed);
        return computed;
    }

    private InsideMask ComputeWalk(int state)
    {
        Array.Clear(_scratch);
        _popPoints.Clear();
        _walker.Buffer.Truncate(0);
        _walker.Buffer.AddUnique(0, new Configuration(state, StackArena.Base));
        _walker.Walk(_vocabulary.Trie, 1, _scratch, _popPoints);

        var trie = _vocabulary.Trie;
        List<(int, int)>? suffixes = null;
        foreach (var (node, depth) in _popPoints)
        {
            // Tokens that continue past the node: their rest (from depth on) is read by the caller.
            var from = trie.TokenStart[node + 1];
            var to = trie.TokenStart[trie.SubtreeEnd[node]];
            for (var i = from; i < to; i++)
                (suffixes ??= []).Add((trie.NodeTokens[i], depth));
        }
        var suffixTrie = suffixes is null ? null : TokenTrie.Build(suffixes, _vocabulary.GetTokenMemory);
        return InsideMask.Create(_scratch, suffixTrie, _automaton.Accepting[state]);
    }
}

/// <summary>The precomputed part of one state's mask (see <see cref="TokenMaskCache"/>).</summary>
internal sealed class InsideMask
{
    private readonly ulong[]? _dense;
    private readonly int[]? _sparse;

    private InsideMask(ulong[]? dense, int[]? sparse, TokenTrie? suffixes, bool returnsAtOnce)
    {
        _dense = dense;
        _sparse = sparse;
        Suffixes = suffixes;
        ReturnsAtOnce = returnsAtOnce;
    }

    /// <summary>Tokens that start inside the rule and continue in the caller, by their continuation bytes.</summary>
    public TokenTrie? Suffixes { get; }

    /// <summary>The state ends its rule, so a token may be read entirely by the caller.</summary>
    public bool ReturnsAtOnce { get; }

    public static InsideMask Create(ulong[] bits, TokenTrie? suffixes, bool returnsAtOnce)
    {
        var count = 0;
        foreach (var w in bits)
            count += BitOperations.PopCount(w);
        // Sparse when a list of ids is smaller than the bitset.
        if (count * 32 < bits.Length * 64)
        {
            var ids = new int[count];
            var k = 0;
            for (var i = 0; i < bits.Length; i++)
            {
                var w = bits[i];
                while (w != 0)
                {
                    ids[k++] = (i << 6) + BitOperations.TrailingZeroCount(w);
                    w &= w - 1;
                }
            }
            return new InsideMask(null, ids, suffixes, returnsAtOnce);
        }
        return new InsideMask((ulong[])bits.Clone(), null, suffixes, returnsAtOnce);
    }

    public void OrInto(Span<ulong> mask)
    {
        if (_dense is not null)
        {
            for (var i = 0; i < _dense.Length; i++)
                mask[i] |= _dense[i];
            return;
        }
        foreach (var t in _sparse!)
            mask[t >> 6] |= 1UL << (t & 63);
    }
}

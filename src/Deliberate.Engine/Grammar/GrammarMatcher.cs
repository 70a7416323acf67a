using System.Runtime.InteropServices;

namespace Deliberate.Engine.Grammar;

/// <summary>
/// Tracks one generation against a compiled grammar and produces exact token masks: a token is allowed iff
/// its bytes keep the output a valid prefix of some value of the schema; end-of-generation ids iff the
/// output is already a complete value. Holds a set of configurations (a pushdown automaton state), a history
/// for <see cref="Rollback"/>, and a cache of recent masks. Not thread-safe; one per generation.
/// </summary>
public sealed partial class GrammarMatcher
{
    private readonly GrammarAutomaton _automaton;
    private readonly TokenVocabulary _vocabulary;
    private readonly TokenMaskCache _shared;
    private readonly StackArena _arena;
    private readonly GrammarStepper _stepper;
    private readonly TrieWalker _walker;
    private readonly ConfigurationMaskCache _masks;
    private readonly ConfigurationBuffer _next = new();
    private readonly List<Configuration> _log = [];
    private readonly List<int> _historyStart = [];
    private readonly List<bool> _historyTerminated = [];
    private readonly List<ulong[]> _callerScratch = [];
    private int _callerDepth;

    internal GrammarMatcher(GrammarAutomaton automaton, TokenMaskCache shared, int maskCacheCapacity = 32)
    {
        _automaton = automaton;
        _shared = shared;
        _vocabulary = shared.Vocabulary;
        _arena = new StackArena();
        _stepper = new GrammarStepper(automaton, _arena);
        _walker = new TrieWalker(_stepper);
        _masks = new ConfigurationMaskCache(maskCacheCapacity, _vocabulary.MaskLength);
        Reset();
    }

    /// <summary>The vocabulary masks are computed over.</summary>
    public TokenVocabulary Vocabulary => _vocabulary;

    /// <summary>Tokens accepted since the last reset (end-of-generation included).</summary>
    public int AcceptedTokenCount => _historyStart.Count - 1;

    /// <summary>An end-of-generation token would be accepted now: the output is a complete value.</summary>
    public bool CanTerminate
    {
        get
        {
            if (Terminated)
                return false;
            foreach (var c in Current)
            {
                if (_stepper.CanEnd(c))
                    return true;
            }
            return false;
        }
    }

    /// <summary>
    /// Generation is over: an end-of-generation token was accepted, or the value is complete and nothing may
    /// follow it (e.g. after the closing brace of the root object).
    /// </summary>
    public bool IsComplete
    {
        get
        {
            if (Terminated)
                return true;
            var current = Current;
            if (current.IsEmpty)
                return false;
            foreach (var c in current)
            {
                if (!IsFinal(c))
                    return false;
            }
            return true;
        }
    }

    private bool Terminated => _historyTerminated[^1];

    private ReadOnlySpan<Configuration> Current =>
        CollectionsMarshal.AsSpan(_log)[_historyStart[^1]..];

    /// <summary>Back to the start of the output (keeps caches).</summary>
    public void Reset()
    {
        _log.Clear();
        _historyStart.Clear();
        _historyTerminated.Clear();
        _historyStart.Add(0);
        _historyTerminated.Add(false);
        _next.Truncate(0);
        _stepper.Closure(_automaton.RuleStart[_automaton.RootRule], StackArena.Empty, _next, 0, intern: true);
        for (var i = 0; i < _next.Count; i++)
            _log.Add(_next[i]);
    }

    /// <summary>Undoes the last <paramref name="tokens"/> accepted tokens (e.g. rejected speculative tokens).</summary>
    public void Rollback(int tokens)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(tokens);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(tokens, AcceptedTokenCount);
        for (var i = 0; i < tokens; i++)
        {
            _log.RemoveRange(_historyStart[^1], _log.Count - _historyStart[^1]);
            _historyStart.RemoveAt(_historyStart.Count - 1);
            _historyTerminated.RemoveAt(_historyTerminated.Count - 1);
        }
    }

    /// <summary>
    /// Fills <paramref name="allowedBits"/> (bit i of word i/64 for token i; length ≥ <see cref="TokenVocabulary.MaskLength"/>)
    /// with the tokens allowed next.
    /// </summary>
    public void FillMask(Span<ulong> allowedBits)
    {
        var words = _vocabulary.MaskLength;
        if (allowedBits.Length < words)
            throw new ArgumentException($"mask needs {words} words", nameof(allowedBits));
        allowedBits = allowedBits[..words];
        var current = Current;
        if (Terminated || current.IsEmpty)
        {
            allowedBits.Clear();
            return;
        }
        if (current.Length == 1)
            MaskOf(current[0]).CopyTo(allowedBits);
        else
        {
            allowedBits.Clear();
            foreach (var c in Current)
            {
                var m = MaskOf(c);
                for (var i = 0; i < m.Length; i++)
                    allowedBits[i] |= m[i];
            }
        }
        if (CanTerminate)
        {
            foreach (var id in _vocabulary.EndOfGenerationIds)
                allowedBits[id >> 6] |= 1UL << (id & 63);
        }
    }

    /// <summary>Advances by one token; false (and no change) when the token is not allowed.</summary>
    public bool Accept(int tokenId)
    {
        if ((uint)tokenId >= (uint)_vocabulary.Count || Terminated)
            return false;
        if (_vocabulary.IsExcluded[tokenId])
        {
            if (!IsEndOfGeneration(tokenId) || !CanTerminate)
                return false;
            var start = _log.Count;
            _historyStart.Add(start);
            _historyTerminated.Add(true);
            return true;
        }
        return AcceptBytes(_vocabulary.GetTokenBytes(tokenId));
    }

    /// <summary>Advances by raw bytes (counted as one token in the history); false and no change when they do not fit.</summary>
    public bool AcceptBytes(ReadOnlySpan<byte> bytes)
    {
        if (Terminated)
            return false;
        // Work in _next, alternating halves: [0, n) holds the current set, new configurations go after it.
        _next.Truncate(0);
        foreach (var c in Current)
            _next.AddUnique(0, c);
        var from = 0;
        var to = _next.Count;
        foreach (var b in bytes)
        {
            for (var i = from; i < to; i++)
                _stepper.Step(_next[i], b, _next, to, intern: true);
            if (_next.Count == to)
                return false;
            from = to;
            to = _next.Count;
        }
        _historyStart.Add(_log.Count);
        _historyTerminated.Add(false);
        for (var i = from; i < to; i++)
            _log.Add(_next[i]);
        return true;
    }

    /// <summary>Whether <paramref name="bytes"/> would be accepted now (state unchanged).</summary>
    public bool WouldAcceptBytes(ReadOnlySpan<byte> bytes) => Probe(bytes, requireComplete: false);

    /// <summary>
    /// Whether <paramref name="bytes"/> would be accepted now and leave the value complete, nothing more allowed
    /// (as <see cref="IsComplete"/> after them); the state is unchanged.
    /// </summary>
    public bool WouldCompleteWith(ReadOnlySpan<byte> bytes) => !bytes.IsEmpty && Probe(bytes, requireComplete: true);

    /// <summary>The value is over in this configuration: nothing on the stack, an accepting state with no byte to follow.</summary>
    private bool IsFinal(Configuration c) =>
        c.Stack == StackArena.Empty && _automaton.Accepting[c.State] && !_automaton.HasBytes[c.State];

    /// <summary>Whether the bytes would be accepted (and, if asked, leave the value complete); the state is unchanged.</summary>
    private bool Probe(ReadOnlySpan<byte> bytes, bool requireComplete)
    {
        var ok = BeginProbe(bytes, out var from, out var to, out var mark);
        for (var i = from; ok && requireComplete && i < to; i++)
            ok = IsFinal(_next[i]);
        EndProbe(mark);
        return ok;
    }

    /// <summary>
    /// Steps a scratch copy of the current configurations through the bytes without interning stacks. The result is
    /// <c>_next[from..to)</c>, whose temporary stack nodes stay readable until <see cref="EndProbe"/>; false when the
    /// bytes are rejected (or the output has ended).
    /// </summary>
    private bool BeginProbe(ReadOnlySpan<byte> bytes, out int from, out int to, out int mark)
    {
        var buf = _next;
        buf.Truncate(0);
        mark = _arena.Count;
        from = 0;
        to = 0;
        if (Terminated)
            return false;
        foreach (var c in Current)
            buf.AddUnique(0, c);
        to = buf.Count;
        foreach (var b in bytes)
        {
            for (var i = from; i < to; i++)
                _stepper.Step(buf[i], b, buf, to, intern: false);
            if (buf.Count == to)
                return false;
            from = to;
            to = buf.Count;
        }
        return true;
    }

    private void EndProbe(int mark)
    {
        _arena.Truncate(mark);
        _next.Truncate(0);
    }

    /// <summary>An independent copy at the same position (shares the grammar's precomputed masks).</summary>
    public GrammarMatcher Clone()
    {
        var copy = new GrammarMatcher(_automaton, _shared);
        copy._log.Clear();
        copy._historyStart.Clear();
        copy._historyTerminated.Clear();
        copy._historyStart.Add(0);
        copy._historyTerminated.Add(Terminated);
        // Re-intern the current configurations' stacks in the copy's own arena.
        foreach (var c in Current)
            copy._log.Add(new Configuration(c.State, copy.CopyStack(_arena, c.Stack)));
        return copy;
    }

    private int CopyStack(StackArena source, int node)
    {
        if (node < 0)
            return node;
        var parent = CopyStack(source, source.Parent(node));
        return _arena.Push(source.ReturnState(node), parent, intern: true);
    }

    private bool IsEndOfGeneration(int tokenId)
    {
        foreach (var id in _vocabulary.EndOfGenerationIds)
        {
            if (id == tokenId)
                return true;
        }
        return false;
    }

    /// <summary>The full mask of one configuration: its state's precomputed part plus what the callers allow.</summary>
    private ulong[] MaskOf(Configuration c)
    {
        if (_masks.TryGet(c, out var cached))
            return cached;
        var inside = _shared.Get(c.State);
        ulong[]? fromCallers = null;
        if (c.Stack >= 0 && inside.ReturnsAtOnce)
        {
            // Tokens read entirely by the caller: the union of the masks of the configurations it resumes in.
            // Callers are computed before this mask is stored, so cache eviction cannot touch a mask in use;
            // their union goes to a scratch bitset per recursion depth.
            var buf = _walker.Buffer;
            buf.Truncate(0);
            _stepper.Closure(_arena.ReturnState(c.Stack), _arena.Parent(c.Stack), buf, 0, intern: true);
            var callers = buf.Slice(0, buf.Count).ToArray();
            buf.Truncate(0);
            if (_callerScratch.Count <= _callerDepth)
                _callerScratch.Add(new ulong[_vocabulary.MaskLength]);
            fromCallers = _callerScratch[_callerDepth];
            _callerDepth++;
            try
            {
                Array.Clear(fromCallers);
                foreach (var caller in callers)
                {
                    var m = MaskOf(caller);
                    for (var i = 0; i < m.Length; i++)
                        fromCallers[i] |= m[i];
                }
            }
            finally
            {
                _callerDepth--;
            }
        }
        var mask = _masks.Add(c);
        inside.OrInto(mask);
        if (fromCallers is not null)
        {
            for (var i = 0; i < mask.Length; i++)
                mask[i] |= fromCallers[i];
        }
        if (c.Stack >= 0 && inside.Suffixes is not null)
        {
            var buf = _walker.Buffer;
            buf.Truncate(0);
            var mark = _arena.Count;
            _stepper.Closure(_arena.ReturnState(c.Stack), _arena.Parent(c.Stack), buf, 0, intern: false);
            _walker.Walk(inside.Suffixes, buf.Count, mask, popPoints: null);
            _arena.Truncate(mark);
        }
        return mask;
    }
}

namespace Deliberate.Engine.Grammar;

/// <summary>A piece of automaton with one entry and one exit state (Thompson construction).</summary>
internal readonly record struct NfaFragment(int Start, int End);

/// <summary>
/// A nondeterministic automaton over bytes with epsilon moves and rule calls: the intermediate form between a
/// schema and the determinised <see cref="GrammarAutomaton"/>. Each rule is a sub-automaton from a start state
/// to an end state; a call edge enters another rule and resumes at its target when that rule ends.
/// Compile-time only, so it favours simplicity over compactness; <see cref="MaxStates"/> caps its size.
/// </summary>
internal sealed class Nfa
{
    private readonly List<NfaState> _states = [];
    private readonly List<NfaFragment> _rules = [];
    private readonly List<string> _rulePointers = [];

    public Nfa(int maxStates)
    {
        MaxStates = maxStates;
    }

    public int MaxStates { get; }

    /// <summary>Schema location used in errors raised while building (kept current by the compiler).</summary>
    public string CurrentPointer { get; set; } = "#";

    public int StateCount => _states.Count;

    public int RuleCount => _rules.Count;

    public NfaState this[int state] => _states[state];

    public NfaFragment RuleBody(int rule) => _rules[rule];

    public string RulePointer(int rule) => _rulePointers[rule];

    public int NewState()
    {
        if (_states.Count >= MaxStates)
            throw new SchemaCompileException(CurrentPointer, $"grammar exceeds {MaxStates} automaton states");
        _states.Add(new NfaState());
        return _states.Count - 1;
    }

    /// <summary>Declares a rule whose body is set later (so recursive references can call it first).</summary>
    public int DeclareRule(string pointer)
    {
        _rules.Add(new NfaFragment(-1, -1));
        _rulePointers.Add(pointer);
        return _rules.Count - 1;
    }

    public void DefineRule(int rule, NfaFragment body) => _rules[rule] = body;

    public void Epsilon(int from, int to) => _states[from].Epsilons.Add(to);

    public void Bytes(int from, byte lo, byte hi, int to) => _states[from].ByteEdges.Add(new ByteEdge(lo, hi, to));

    public NfaFragment Empty()
    {
        var s = NewState();
        var e = NewState();
        Epsilon(s, e);
        return new(s, e);
    }

    /// <summary>A fragment that matches nothing (the empty language).</summary>
    public NfaFragment Nothing() => new(NewState(), NewState());

    public NfaFragment Range(byte lo, byte hi)
    {
        var s = NewState();
        var e = NewState();
        Bytes(s, lo, hi, e);
        return new(s, e);
    }

    public NfaFragment Literal(ReadOnlySpan<byte> bytes)
    {
        var s = NewState();
        var cur = s;
        foreach (var b in bytes)
        {
            var next = NewState();
            Bytes(cur, b, b, next);
            cur = next;
        }
        return new(s, cur);
    }

    public NfaFragment Call(int rule)
    {
        var s = NewState();
        var e = NewState();
        _states[s].Calls.Add(new CallEdge(rule, e));
        return new(s, e);
    }

    public NfaFragment Sequence(params ReadOnlySpan<NfaFragment> parts)
    {
        if (parts.Length == 0)
            return Empty();
        for (var i = 0; i + 1 < parts.Length; i++)
            Epsilon(parts[i].End, parts[i + 1].Start);
        return new(parts[0].Start, parts[^1].End);
    }

    public NfaFragment Choice(IReadOnlyList<NfaFragment> options)
    {
        var s = NewState();
        var e = NewState();
        foreach (var option in options)
        {
            Epsilon(s, option.Start);
            Epsilon(option.End, e);
        }
        return new(s, e);
    }

    public NfaFragment Optional(NfaFragment inner)
    {
        Epsilon(inner.Start, inner.End);
        return inner;
    }

    /// <summary>Zero or more repetitions of <paramref name="inner"/> (which must not be reused elsewhere).</summary>
    public NfaFragment Star(NfaFragment inner)
    {
        var s = NewState();
        var e = NewState();
        Epsilon(s, inner.Start);
        Epsilon(s, e);
        Epsilon(inner.End, s);
        return new(s, e);
    }

    /// <summary>
    /// Between <paramref name="min"/> and <paramref name="max"/> copies (max &lt; 0: unbounded), each made by
    /// <paramref name="make"/> so copies do not share states.
    /// </summary>
    public NfaFragment Repeat(Func<NfaFragment> make, int min, int max)
    {
        var parts = new List<NfaFragment>();
        for (var i = 0; i < min; i++)
            parts.Add(make());
        if (max < 0)
            parts.Add(Star(make()));
        else
        {
            // Optional tail copies chain so that "k optional copies" is k states deep, not a choice of k sequences.
            var s = NewState();
            var cur = s;
            var e = NewState();
            for (var i = min; i < max; i++)
            {
                Epsilon(cur, e);
                var copy = make();
                Epsilon(cur, copy.Start);
                cur = copy.End;
            }
            Epsilon(cur, e);
            parts.Add(new(s, e));
        }
        return Sequence(parts.ToArray());
    }
}

internal readonly record struct ByteEdge(byte Lo, byte Hi, int To);

internal readonly record struct CallEdge(int Rule, int To);

internal sealed class NfaState
{
    public List<ByteEdge> ByteEdges { get; } = [];

    public List<int> Epsilons { get; } = [];

    public List<CallEdge> Calls { get; } = [];
}

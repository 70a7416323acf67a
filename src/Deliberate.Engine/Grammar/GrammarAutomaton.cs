namespace Deliberate.Engine.Grammar;

/// <summary>
/// The compiled grammar: one deterministic automaton per rule over byte classes, joined by call edges (a
/// recursive transition network, i.e. a pushdown automaton). A value that may nest (objects, arrays, $ref)
/// is a call; the caller resumes at the call's return state when the callee reaches an accepting state.
/// Immutable and shared by every matcher of the grammar.
/// </summary>
internal sealed class GrammarAutomaton
{
    public GrammarAutomaton(
        byte[] classOf, int classCount, int[] next, bool[] accepting, int[] callStart, int[] callRule,
        int[] callReturn, int[] ruleStart, int rootRule, string[] rulePointers)
    {
        ClassOf = classOf;
        ClassCount = classCount;
        Next = next;
        Accepting = accepting;
        CallStart = callStart;
        CallRule = callRule;
        CallReturn = callReturn;
        RuleStart = ruleStart;
        RootRule = rootRule;
        RulePointers = rulePointers;
        StateCount = accepting.Length;
        HasBytes = new bool[StateCount];
        SelfLoopLow = new ulong[StateCount];
        SelfLoopHigh = new ulong[StateCount];
        for (var s = 0; s < StateCount; s++)
        {
            for (var c = 0; c < classCount && !HasBytes[s]; c++)
                HasBytes[s] = next[s * classCount + c] >= 0;
            for (var b = 0; b < 128; b++)
            {
                if (next[s * classCount + classOf[b]] != s)
                    continue;
                if (b < 64)
                    SelfLoopLow[s] |= 1UL << b;
                else
                    SelfLoopHigh[s] |= 1UL << (b - 64);
            }
        }
    }

    /// <summary>ASCII bytes 0-63 on which the state loops to itself (e.g. plain characters inside a string).</summary>
    public ulong[] SelfLoopLow { get; }

    /// <summary>ASCII bytes 64-127 on which the state loops to itself.</summary>
    public ulong[] SelfLoopHigh { get; }

    /// <summary>Byte → equivalence class (bytes in one class behave the same in every state).</summary>
    public byte[] ClassOf { get; }

    public int ClassCount { get; }

    /// <summary>Transition table, <c>Next[state * ClassCount + class]</c>; -1 when the byte is rejected.</summary>
    public int[] Next { get; }

    /// <summary>The state ends its rule: the caller may resume (or, for the root rule, the output is complete).</summary>
    public bool[] Accepting { get; }

    /// <summary>The state has at least one byte transition.</summary>
    public bool[] HasBytes { get; }

    /// <summary>Call edges of state s are <c>CallStart[s] .. CallStart[s+1]-1</c>.</summary>
    public int[] CallStart { get; }

    public int[] CallRule { get; }

    public int[] CallReturn { get; }

    public int[] RuleStart { get; }

    public int RootRule { get; }

    /// <summary>Schema location each rule was compiled from (for diagnostics).</summary>
    public string[] RulePointers { get; }

    public int StateCount { get; }

    public int RuleCount => RuleStart.Length;

    /// <summary>The shortest way to finish each rule from each state (computed on first use, shared by every matcher).</summary>
    public ShortestCompletions Completions => _completions ?? CreateCompletions();

    private ShortestCompletions? _completions;

    private ShortestCompletions CreateCompletions()
    {
        // Two threads may both compute it; either result is the same immutable table.
        var completions = new ShortestCompletions(this);
        return Interlocked.CompareExchange(ref _completions, completions, null) ?? completions;
    }

    /// <summary>The state only ends its rule: no bytes, no calls. A matcher returns to the caller at once.</summary>
    public bool IsPureEnd(int state) => Accepting[state] && !HasBytes[state] && CallStart[state] == CallStart[state + 1];
}

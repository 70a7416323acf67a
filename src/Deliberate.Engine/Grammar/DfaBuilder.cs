namespace Deliberate.Engine.Grammar;

/// <summary>
/// Determinises each rule of an <see cref="Nfa"/> (subset construction over byte classes), then prunes what
/// can never finish: rules that derive no finite value, and states from which their rule cannot end. After
/// pruning every reachable matcher state can still be completed, so constrained generation never dead-ends.
/// Rejects left recursion (a rule that can re-enter itself before consuming a byte).
/// </summary>
internal static class DfaBuilder
{
    public static GrammarAutomaton Build(Nfa nfa, int rootRule, int maxStates)
    {
        var (classOf, classCount) = ComputeByteClasses(nfa);
        var nfaMark = new int[nfa.StateCount];
        var markGeneration = 0;
        var closureStack = new Stack<int>();

        int[] Closure(IEnumerable<int> seeds)
        {
            markGeneration++;
            var result = new List<int>();
            foreach (var seed in seeds)
            {
                if (nfaMark[seed] == markGeneration)
                    continue;
                nfaMark[seed] = markGeneration;
                closureStack.Push(seed);
            }
            while (closureStack.Count > 0)
            {
                var s = closureStack.Pop();
                result.Add(s);
                foreach (var t in nfa[s].Epsilons)
                {
                    if (nfaMark[t] == markGeneration)
                        continue;
                    nfaMark[t] = markGeneration;
                    closureStack.Push(t);
                }
            }
            result.Sort();
            return result.ToArray();
        }

        var sets = new List<int[]>();
        var setIndex = new Dictionary<StateSetKey, int>();
        var next = new List<int>();
        var accepting = new List<bool>();
        var calls = new List<List<(int Rule, int Return)>>();
        var ruleStart = new int[nfa.RuleCount];
        var targetsByClass = new List<int>?[classCount];

        int Intern(int[] set, int rule)
        {
            var key = new StateSetKey(set);
            if (setIndex.TryGetValue(key, out var id))
                return id;
            if (sets.Count >= maxStates)
                throw new SchemaCompileException(nfa.RulePointer(rule), $"grammar exceeds {maxStates} automaton states");
            id = sets.Count;
            sets.Add(set);
            setIndex.Add(key, id);
            return id;
        }

        for (var rule = 0; rule < nfa.RuleCount; rule++)
        {
            var body = nfa.RuleBody(rule);
            if (body.Start < 0)
                throw new SchemaCompileException(nfa.RulePointer(rule), "internal error: rule without a body");
            var first = sets.Count;
            ruleStart[rule] = Intern(Closure([body.Start]), rule);
            // Work through the new sets in creation order; Intern appends as it discovers.
            for (var d = first; d < sets.Count; d++)
            {
                var set = sets[d];
                var row = new int[classCount];
                // Distribute each edge to the classes its byte range covers (classes never straddle an edge).
                Array.Clear(targetsByClass);
                foreach (var s in set)
                {
                    foreach (var edge in nfa[s].ByteEdges)
                    {
                        for (var c = classOf[edge.Lo]; c <= classOf[edge.Hi]; c++)
                            (targetsByClass[c] ??= []).Add(edge.To);
                    }
                }
                for (var c = 0; c < classCount; c++)
                    row[c] = targetsByClass[c] is { } targets ? Intern(Closure(targets), rule) : -1;
                next.AddRange(row);
                accepting.Add(Array.BinarySearch(set, body.End) >= 0);
                var grouped = new SortedDictionary<int, List<int>>();
                foreach (var s in set)
                {
                    foreach (var call in nfa[s].Calls)
                    {
                        if (!grouped.TryGetValue(call.Rule, out var list))
                            grouped[call.Rule] = list = [];
                        list.Add(call.To);
                    }
                }
                var stateCalls = new List<(int, int)>();
                foreach (var (callee, targets) in grouped)
                    stateCalls.Add((callee, Intern(Closure(targets), rule)));
                calls.Add(stateCalls);
            }
        }

        var stateCount = sets.Count;
        var nextArr = next.ToArray();
        var acceptArr = accepting.ToArray();
        Prune(nfa, rootRule, classCount, stateCount, nextArr, acceptArr, calls, ruleStart);

        var callStart = new int[stateCount + 1];
        var callRule = new List<int>();
        var callReturn = new List<int>();
        for (var s = 0; s < stateCount; s++)
        {
            callStart[s] = callRule.Count;
            foreach (var (callee, ret) in calls[s])
            {
                callRule.Add(callee);
                callReturn.Add(ret);
            }
        }
        callStart[stateCount] = callRule.Count;
        var pointers = new string[nfa.RuleCount];
        for (var r = 0; r < pointers.Length; r++)
            pointers[r] = nfa.RulePointer(r);
        var automaton = new GrammarAutomaton(classOf, classCount, nextArr, acceptArr, callStart, callRule.ToArray(),
            callReturn.ToArray(), ruleStart, rootRule, pointers);
        RejectLeftRecursion(automaton);
        return automaton;
    }

    private static (byte[] ClassOf, int Count) ComputeByteClasses(Nfa nfa)
    {
        var boundary = new bool[257];
        boundary[0] = true;
        for (var s = 0; s < nfa.StateCount; s++)
        {
            foreach (var e in nfa[s].ByteEdges)
            {
                boundary[e.Lo] = true;
                boundary[e.Hi + 1] = true;
            }
        }
        var classOf = new byte[256];
        var cls = -1;
        for (var b = 0; b < 256; b++)
        {
            if (boundary[b])
                cls++;
            classOf[b] = (byte)cls;
        }
        return (classOf, cls + 1);
    }

    private static void Prune(
        Nfa nfa, int rootRule, int classCount, int stateCount, int[] next, bool[] accepting,
        List<List<(int Rule, int Return)>> calls, int[] ruleStart)
    {
        var ruleCount = ruleStart.Length;
        var productive = new bool[ruleCount];
        var seen = new bool[stateCount];
        var queue = new Queue<int>();
        bool changed;
        do
        {
            changed = false;
            for (var r = 0; r < ruleCount; r++)
            {
                if (productive[r])
                    continue;
                Array.Clear(seen);
                queue.Clear();
                queue.Enqueue(ruleStart[r]);
                seen[ruleStart[r]] = true;
                while (queue.Count > 0 && !productive[r])
                {
                    var s = queue.Dequeue();
                    if (accepting[s])
                    {
                        productive[r] = true;
                        changed = true;
                        break;
                    }
                    for (var c = 0; c < classCount; c++)
                    {
                        var t = next[s * classCount + c];
                        if (t >= 0 && !seen[t])
                        {
                            seen[t] = true;
                            queue.Enqueue(t);
                        }
                    }
                    foreach (var (callee, ret) in calls[s])
                    {
                        if (productive[callee] && !seen[ret])
                        {
                            seen[ret] = true;
                            queue.Enqueue(ret);
                        }
                    }
                }
            }
        }
        while (changed);

        if (!productive[rootRule])
            throw new SchemaCompileException(nfa.RulePointer(rootRule), "schema admits no finite JSON value");

        for (var s = 0; s < stateCount; s++)
            calls[s].RemoveAll(call => !productive[call.Rule]);

        // Backward reachability from accepting states: a state is live if its rule can still end from it.
        var reverse = new List<int>[stateCount];
        for (var s = 0; s < stateCount; s++)
        {
            for (var c = 0; c < classCount; c++)
            {
                var t = next[s * classCount + c];
                if (t >= 0)
                    (reverse[t] ??= []).Add(s);
            }
            foreach (var (_, ret) in calls[s])
                (reverse[ret] ??= []).Add(s);
        }
        var live = new bool[stateCount];
        queue.Clear();
        for (var s = 0; s < stateCount; s++)
        {
            if (accepting[s])
            {
                live[s] = true;
                queue.Enqueue(s);
            }
        }
        while (queue.Count > 0)
        {
            var s = queue.Dequeue();
            if (reverse[s] is null)
                continue;
            foreach (var p in reverse[s])
            {
                if (!live[p])
                {
                    live[p] = true;
                    queue.Enqueue(p);
                }
            }
        }
        for (var s = 0; s < stateCount; s++)
        {
            for (var c = 0; c < classCount; c++)
            {
                var i = s * classCount + c;
                if (next[i] >= 0 && !live[next[i]])
                    next[i] = -1;
            }
            calls[s].RemoveAll(call => !live[call.Return]);
        }
    }

    private static void RejectLeftRecursion(GrammarAutomaton a)
    {
        // Edge r -> callee when r's start state calls callee: such chains run without consuming a byte.
        var color = new byte[a.RuleCount];
        for (var r = 0; r < a.RuleCount; r++)
        {
            if (a.Accepting[a.RuleStart[r]])
                throw new SchemaCompileException(a.RulePointers[r], "schema admits an empty value");
        }
        for (var r = 0; r < a.RuleCount; r++)
        {
            if (color[r] != 0)
                continue;
            var stack = new Stack<(int Rule, int Edge)>();
            stack.Push((r, 0));
            color[r] = 1;
            while (stack.Count > 0)
            {
                var (rule, edge) = stack.Pop();
                var start = a.RuleStart[rule];
                var from = a.CallStart[start];
                var to = a.CallStart[start + 1];
                if (from + edge >= to)
                {
                    color[rule] = 2;
                    continue;
                }
                stack.Push((rule, edge + 1));
                var callee = a.CallRule[from + edge];
                if (color[callee] == 1)
                    throw new SchemaCompileException(a.RulePointers[callee], "recursive $ref that re-enters itself without consuming input");
                if (color[callee] == 0)
                {
                    color[callee] = 1;
                    stack.Push((callee, 0));
                }
            }
        }
    }

    private sealed class StateSetKey : IEquatable<StateSetKey>
    {
        private readonly int[] _states;
        private readonly int _hash;

        public StateSetKey(int[] states)
        {
            _states = states;
            var h = new HashCode();
            foreach (var s in states)
                h.Add(s);
            _hash = h.ToHashCode();
        }

        public bool Equals(StateSetKey? other) => other is not null && _states.AsSpan().SequenceEqual(other._states);

        public override bool Equals(object? obj) => Equals(obj as StateSetKey);

        public override int GetHashCode() => _hash;
    }
}

namespace Deliberate.Engine.Grammar;

/// <summary>
/// The shortest way to finish each rule from each state of a <see cref="GrammarAutomaton"/>: its length in bytes and,
/// step by step, the bytes themselves. A matcher adds these lengths along its return stack to know how many bytes the
/// value still needs at the least (<see cref="GrammarMatcher.ShortestCompletionBytes"/>), which is what lets a
/// generation that runs out of room close its value instead of stopping in the middle of it.
/// <para>
/// Computed once per grammar with Knuth's generalisation of Dijkstra's algorithm to grammars: states are finalised in
/// order of distance; a byte edge costs 1, a call edge costs the callee's shortest value plus the distance from the
/// return state, and is relaxed once both are final (a sum is never smaller than its parts, so the order holds).
/// Every reachable state of a pruned grammar can finish, so its distance is finite.
/// </para>
/// </summary>
internal sealed class ShortestCompletions
{
    /// <summary>Distance of a state from which its rule cannot end (none are reachable after pruning).</summary>
    public const int Unreachable = int.MaxValue;

    private const int Ends = -1;

    private readonly GrammarAutomaton _a;
    private readonly int[] _distance;

    /// <summary>
    /// How the shortest way leaves each state: <see cref="Ends"/> (accepting), a byte class (≥ 0), or a call edge
    /// <c>i</c> stored as <c>-i - 2</c>. Each points at states finalised earlier, so following it never loops.
    /// </summary>
    private readonly int[] _step;

    /// <summary>The byte written for each class: a letter or digit where the class has one, so closings read well.</summary>
    private readonly byte[] _classByte;

    public ShortestCompletions(GrammarAutomaton automaton)
    {
        _a = automaton;
        var states = automaton.StateCount;
        _distance = new int[states];
        _step = new int[states];
        Array.Fill(_distance, Unreachable);
        Array.Fill(_step, Ends);
        _classByte = RepresentativeBytes(automaton);
        Solve();
    }

    /// <summary>Fewest bytes from <paramref name="state"/> to the end of its rule (0 when it is accepting).</summary>
    public int Distance(int state) => _distance[state];

    /// <summary>
    /// Appends to <paramref name="output"/> the bytes of the shortest way from <paramref name="state"/> to the end of its
    /// rule; <paramref name="pending"/> is scratch for the return states of calls on the way (cleared first).
    /// </summary>
    public void AppendPath(int state, List<byte> output, Stack<int> pending)
    {
        pending.Clear();
        pending.Push(state);
        while (pending.TryPop(out var s))
        {
            while (_step[s] != Ends)
            {
                var step = _step[s];
                if (step >= 0)
                {
                    output.Add(_classByte[step]);
                    s = _a.Next[s * _a.ClassCount + step];
                    continue;
                }

                var call = -step - 2;
                pending.Push(_a.CallReturn[call]);
                s = _a.RuleStart[_a.CallRule[call]];
            }
        }
    }

    private void Solve()
    {
        var a = _a;
        var states = a.StateCount;
        var (predStart, predState, predClass) = BytePredecessors(a, _classByte);
        var (byReturnStart, byReturn) = Group(states, a.CallReturn);
        var (byCalleeStart, byCallee) = Group(a.RuleCount, a.CallRule);
        var owner = CallOwners(a);
        var (rulesOfStart, rulesAtStart) = Group(states, a.RuleStart);
        var final = new bool[states];
        var queue = new PriorityQueue<int, int>();
        for (var s = 0; s < states; s++)
        {
            if (a.Accepting[s])
            {
                _distance[s] = 0;
                queue.Enqueue(s, 0);
            }
        }

        while (queue.TryDequeue(out var u, out var d))
        {
            if (final[u] || d != _distance[u])
                continue;
            final[u] = true;
            for (var i = predStart[u]; i < predStart[u + 1]; i++)
                Relax(predState[i], d + 1, predClass[i]);
            // Calls returning to u, whose callee's shortest value is known.
            for (var i = byReturnStart[u]; i < byReturnStart[u + 1]; i++)
            {
                var call = byReturn[i];
                var start = a.RuleStart[a.CallRule[call]];
                if (final[start])
                    Relax(owner[call], Add(_distance[start], d), -call - 2);
            }
            // u starts rules: their shortest value is now known, so calls whose return state is final can be priced.
            for (var r = rulesOfStart[u]; r < rulesOfStart[u + 1]; r++)
            {
                var rule = rulesAtStart[r];
                for (var i = byCalleeStart[rule]; i < byCalleeStart[rule + 1]; i++)
                {
                    var call = byCallee[i];
                    var ret = a.CallReturn[call];
                    if (final[ret])
                        Relax(owner[call], Add(d, _distance[ret]), -call - 2);
                }
            }
        }

        void Relax(int state, int distance, int step)
        {
            if (final[state])
                return;
            if (distance == _distance[state] && step >= 0 && _step[state] >= 0 && Rank(_classByte[step]) < Rank(_classByte[_step[state]]))
            {
                // As short another way: keep the nicer byte ('0' rather than '1').
                _step[state] = step;
                return;
            }

            if (distance >= _distance[state])
                return;
            _distance[state] = distance;
            _step[state] = step;
            queue.Enqueue(state, distance);
        }
    }

    private static int Add(int x, int y) => x == Unreachable || y == Unreachable ? Unreachable : (int)Math.Min((long)x + y, Unreachable - 1);

    /// <summary>For each state, the states with a byte edge into it and the class of that edge (one per pair).</summary>
    private static (int[] Start, int[] State, int[] Class) BytePredecessors(GrammarAutomaton a, byte[] classByte)
    {
        // Classes in order of their bytes' rank, so where several classes lead to one state the nicest byte is kept.
        var preference = Enumerable.Range(0, a.ClassCount).OrderBy(c => Rank(classByte[c])).ToArray();
        var edges = new List<(int To, int From, int Class)>();
        var seen = new HashSet<int>();
        for (var s = 0; s < a.StateCount; s++)
        {
            seen.Clear();
            foreach (var c in preference)
            {
                var t = a.Next[s * a.ClassCount + c];
                if (t >= 0 && seen.Add(t))
                    edges.Add((t, s, c));
            }
        }

        var start = new int[a.StateCount + 1];
        foreach (var e in edges)
            start[e.To + 1]++;
        for (var i = 0; i < a.StateCount; i++)
            start[i + 1] += start[i];
        var fill = (int[])start.Clone();
        var state = new int[edges.Count];
        var cls = new int[edges.Count];
        foreach (var e in edges)
        {
            var at = fill[e.To]++;
            state[at] = e.From;
            cls[at] = e.Class;
        }

        return (start, state, cls);
    }

    /// <summary>Indices <c>i</c> of <paramref name="keys"/> grouped by <c>keys[i]</c> (a key in [0, count)).</summary>
    private static (int[] Start, int[] Items) Group(int count, int[] keys)
    {
        var start = new int[count + 1];
        foreach (var k in keys)
            start[k + 1]++;
        for (var i = 0; i < count; i++)
            start[i + 1] += start[i];
        var fill = (int[])start.Clone();
        var items = new int[keys.Length];
        for (var i = 0; i < keys.Length; i++)
            items[fill[keys[i]]++] = i;
        return (start, items);
    }

    private static int[] CallOwners(GrammarAutomaton a)
    {
        var owner = new int[a.CallRule.Length];
        for (var s = 0; s < a.StateCount; s++)
        {
            for (var i = a.CallStart[s]; i < a.CallStart[s + 1]; i++)
                owner[i] = s;
        }

        return owner;
    }

    private static byte[] RepresentativeBytes(GrammarAutomaton a)
    {
        var result = new byte[a.ClassCount];
        var rank = new int[a.ClassCount];
        Array.Fill(rank, int.MaxValue);
        for (var b = 0; b < 256; b++)
        {
            var c = a.ClassOf[b];
            var r = Rank((byte)b);
            if (r < rank[c])
                (rank[c], result[c]) = (r, (byte)b);
        }

        return result;
    }

    /// <summary>Letters and digits first, then other printable ASCII, then the rest, each in byte order.</summary>
    internal static int Rank(byte b) => b switch
    {
        >= (byte)'a' and <= (byte)'z' or >= (byte)'0' and <= (byte)'9' or >= (byte)'A' and <= (byte)'Z' => b,
        >= 0x20 and < 0x7F => 256 + b,
        _ => 512 + b,
    };
}

using System.Text;

namespace Deliberate.Engine.Grammar;

/// <summary>
/// A canonical text for the automaton reachable from a state by bytes: states renumbered in breadth-first
/// order, each with its accepting flag and its byte-range transitions. Equal signatures mean equal behaviour
/// on every byte string, hence equal precomputed token masks, whatever grammar the state belongs to.
/// Null when the reachable part has call edges or more than <see cref="MaxStates"/> states (not worth it).
/// </summary>
internal static class SmallAutomatonSignature
{
    public const int MaxStates = 256;

    public static string? Of(GrammarAutomaton a, int start)
    {
        var order = new List<int> { start };
        var index = new Dictionary<int, int> { [start] = 0 };
        var sb = new StringBuilder();
        var classTarget = new int[a.ClassCount];
        for (var i = 0; i < order.Count; i++)
        {
            var s = order[i];
            if (a.CallStart[s] != a.CallStart[s + 1])
                return null;
            sb.Append(a.Accepting[s] ? 'A' : 'N');
            Array.Fill(classTarget, -2);
            var runStart = 0;
            var runTarget = Target(a, s, 0, order, index, classTarget);
            for (var b = 1; b <= 256; b++)
            {
                var t = b < 256 ? Target(a, s, b, order, index, classTarget) : int.MinValue;
                if (t == runTarget)
                    continue;
                if (runTarget >= 0)
                    sb.Append(runStart).Append('-').Append(b - 1).Append('>').Append(runTarget).Append(',');
                runStart = b;
                runTarget = t;
            }
            if (order.Count > MaxStates)
                return null;
            sb.Append(';');
        }
        return sb.ToString();
    }

    private static int Target(GrammarAutomaton a, int s, int b, List<int> order, Dictionary<int, int> index, int[] classTarget)
    {
        var c = a.ClassOf[b];
        if (classTarget[c] != -2)
            return classTarget[c];
        var t = a.Next[s * a.ClassCount + c];
        if (t < 0)
            return classTarget[c] = -1;
        if (!index.TryGetValue(t, out var i))
        {
            i = order.Count;
            index[t] = i;
            order.Add(t);
        }
        return classTarget[c] = i;
    }
}

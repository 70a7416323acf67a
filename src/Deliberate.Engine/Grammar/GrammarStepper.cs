namespace Deliberate.Engine.Grammar;

/// <summary>
/// Advances configurations of a <see cref="GrammarAutomaton"/> by one byte. Entering a state expands its call
/// edges (push the return state, enter the callee); a state that only ends its rule returns at once; an
/// accepting state that also has transitions returns lazily, when the next byte does not fit it. Returning
/// past <see cref="StackArena.Base"/> is not done here: walks that precompute context-free masks detect it.
/// </summary>
internal sealed class GrammarStepper
{
    private readonly GrammarAutomaton _a;
    private readonly StackArena _arena;

    public GrammarStepper(GrammarAutomaton automaton, StackArena arena)
    {
        _a = automaton;
        _arena = arena;
    }

    public GrammarAutomaton Automaton => _a;

    public StackArena Arena => _arena;

    /// <summary>Adds to <paramref name="output"/> (from index <paramref name="from"/>) the configurations of entering <paramref name="state"/>.</summary>
    public void Closure(int state, int stack, ConfigurationBuffer output, int from, bool intern)
    {
        if (stack >= 0 && _a.IsPureEnd(state))
        {
            Closure(_arena.ReturnState(stack), _arena.Parent(stack), output, from, intern);
            return;
        }
        if (_a.HasBytes[state] || _a.Accepting[state])
            output.AddUnique(from, new Configuration(state, stack));
        var end = _a.CallStart[state + 1];
        for (var i = _a.CallStart[state]; i < end; i++)
        {
            var node = _arena.Push(_a.CallReturn[i], stack, intern);
            Closure(_a.RuleStart[_a.CallRule[i]], node, output, from, intern);
        }
    }

    /// <summary>Adds the configurations reached from <paramref name="c"/> by byte <paramref name="b"/>.</summary>
    public void Step(Configuration c, byte b, ConfigurationBuffer output, int from, bool intern)
    {
        var t = _a.Next[c.State * _a.ClassCount + _a.ClassOf[b]];
        if (t >= 0)
            Closure(t, c.Stack, output, from, intern);
        if (c.Stack >= 0 && _a.Accepting[c.State])
            ClosureThenStep(_arena.ReturnState(c.Stack), _arena.Parent(c.Stack), b, output, from, intern);
    }

    /// <summary>Steps every configuration of entering <paramref name="state"/> by <paramref name="b"/>.</summary>
    private void ClosureThenStep(int state, int stack, byte b, ConfigurationBuffer output, int from, bool intern)
    {
        if (stack >= 0 && _a.IsPureEnd(state))
        {
            ClosureThenStep(_arena.ReturnState(stack), _arena.Parent(stack), b, output, from, intern);
            return;
        }
        if (_a.HasBytes[state] || _a.Accepting[state])
            Step(new Configuration(state, stack), b, output, from, intern);
        var end = _a.CallStart[state + 1];
        for (var i = _a.CallStart[state]; i < end; i++)
        {
            var callee = _a.RuleStart[_a.CallRule[i]];
            // Only push when the callee can take this byte (keeps interned stacks free of dead nodes).
            if (!MayStart(callee, b))
                continue;
            var node = _arena.Push(_a.CallReturn[i], stack, intern);
            ClosureThenStep(callee, node, b, output, from, intern);
        }
    }

    private bool MayStart(int state, byte b)
    {
        if (_a.Next[state * _a.ClassCount + _a.ClassOf[b]] >= 0)
            return true;
        var end = _a.CallStart[state + 1];
        for (var i = _a.CallStart[state]; i < end; i++)
        {
            if (MayStart(_a.RuleStart[_a.CallRule[i]], b))
                return true;
        }
        return false;
    }

    /// <summary>The configuration can end the output now (returning through every caller).</summary>
    public bool CanEnd(Configuration c)
    {
        var state = c.State;
        var stack = c.Stack;
        while (true)
        {
            if (!_a.Accepting[state])
                return false;
            if (stack == StackArena.Empty)
                return true;
            if (stack < 0)
                return false;
            state = _arena.ReturnState(stack);
            stack = _arena.Parent(stack);
        }
    }
}

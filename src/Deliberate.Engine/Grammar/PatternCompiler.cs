namespace Deliberate.Engine.Grammar;

/// <summary>
/// Turns a parsed pattern into the automaton for the inside of a JSON string whose decoded value the pattern
/// matches. JSON Schema patterns search (they are not implicitly anchored), so an unanchored side gets any
/// text. Each character is written in one canonical JSON form (see <see cref="JsonFragments.CharClass"/>).
/// </summary>
internal sealed class PatternCompiler
{
    private readonly Nfa _nfa;
    private readonly JsonFragments _json;

    public PatternCompiler(Nfa nfa, JsonFragments json)
    {
        _nfa = nfa;
        _json = json;
    }

    public NfaFragment Compile(ParsedPattern pattern)
    {
        var parts = new List<NfaFragment>();
        if (!pattern.AnchoredStart)
            parts.Add(_nfa.Star(_json.CharClass(PatternParser.AnyScalar)));
        parts.Add(Emit(pattern.Root));
        if (!pattern.AnchoredEnd)
            parts.Add(_nfa.Star(_json.CharClass(PatternParser.AnyScalar)));
        return _nfa.Sequence(parts.ToArray());
    }

    private NfaFragment Emit(PatternNode node) => node switch
    {
        PatternCharSet set => _json.CharClass(set.Ranges),
        PatternConcat concat => _nfa.Sequence(concat.Items.Select(Emit).ToArray()),
        PatternAlternation alt => _nfa.Choice(alt.Options.Select(Emit).ToList()),
        PatternRepeat rep => _nfa.Repeat(() => Emit(rep.Inner), rep.Min, rep.Max),
        _ => _nfa.Empty(),
    };
}

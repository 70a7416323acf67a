using System.Runtime.CompilerServices;
using System.Text;

namespace Deliberate.Engine.Grammar;

/// <summary>
/// A JSON Schema compiled to a pushdown automaton over bytes. Immutable and thread-safe; create one
/// <see cref="GrammarMatcher"/> per generation. Precomputed token masks are kept per vocabulary and shared
/// by all matchers of this grammar.
/// </summary>
public sealed class CompiledGrammar
{
    private readonly ConditionalWeakTable<TokenVocabulary, TokenMaskCache> _caches = [];

    internal CompiledGrammar(GrammarAutomaton automaton, GrammarOptions options)
    {
        Automaton = automaton;
        Options = options;
    }

    internal GrammarAutomaton Automaton { get; }

    /// <summary>The options the grammar was compiled with.</summary>
    public GrammarOptions Options { get; }

    /// <summary>Number of automaton states (a measure of grammar size).</summary>
    public int StateCount => Automaton.StateCount;

    /// <summary>Number of rules (sub-grammars joined by calls).</summary>
    public int RuleCount => Automaton.RuleCount;

    /// <summary>A matcher at the start of the output.</summary>
    public GrammarMatcher CreateMatcher(TokenVocabulary vocabulary)
    {
        ArgumentNullException.ThrowIfNull(vocabulary);
        var cache = _caches.GetValue(vocabulary, v => new TokenMaskCache(Automaton, v));
        return new GrammarMatcher(Automaton, cache);
    }

    /// <summary>
    /// Whether <paramref name="text"/> is a whole value of this grammar: the check for text that was not generated
    /// under its masks (a tool call a model wrote in its reasoning, where no grammar held it).
    /// </summary>
    public bool Matches(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var matcher = CreateMatcher(NoTokens);
        return matcher.AcceptBytes(Encoding.UTF8.GetBytes(text)) && matcher.CanTerminate;
    }

    /// <summary>Matching bytes needs no vocabulary; an empty one keeps <see cref="Matches"/> from building token masks.</summary>
    private static readonly TokenVocabulary NoTokens = TokenVocabulary.Create([], new HashSet<int>(), new HashSet<int>());

    /// <summary>Number of states whose context-independent masks are already computed for <paramref name="vocabulary"/>.</summary>
    public int PrecomputedStateCount(TokenVocabulary vocabulary) =>
        _caches.TryGetValue(vocabulary, out var cache) ? cache.ComputedStates : 0;
}

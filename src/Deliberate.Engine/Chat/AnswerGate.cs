using Deliberate.Engine.Grammar;
using Deliberate.Engine.Sampling;
using Deliberate.Engine.Tokenization;

namespace Deliberate.Engine.Chat;

/// <summary>
/// Applies an <see cref="OutputConstraint"/> to one choice, as the sampler's token mask. While the model reasons,
/// everything is allowed. Before the answer starts, the model may open its thinking (if it has not yet thought,
/// with its first token), write a little whitespace, or start the answer — with a grammar's first tokens, or the prefix's first token,
/// after which the rest of the prefix is forced. Then the grammar masks every token, and once the value is
/// complete the suffix is forced and the choice ends. The gate learns what was committed through
/// <see cref="OnCommitted"/>, so forced tokens (budget forcing) and sampled ones move it alike. A constraint with a
/// <see cref="OutputConstraint.Trigger"/> leaves the answer free until the model writes the trigger token, holds the
/// value from there to the end of the suffix, and frees the answer again (another call may follow). When the room
/// runs out, the value is closed the shortest way instead of being cut (<c>AnswerGate.Closing.cs</c>).
/// </summary>
internal sealed partial class AnswerGate : ITokenMask
{
    /// <summary>Whitespace tokens allowed between the reasoning and the answer.</summary>
    private const int MaxLeadingWhitespace = 2;

    private readonly GrammarMatcher? _matcher;
    private readonly bool _lazy;
    private readonly int? _trigger;
    private readonly int[] _prefix;
    private readonly int[] _suffix;
    private readonly string _suffixText;
    private readonly SuffixBridge[] _bridges;
    private readonly Tokenizer _tokenizer;
    private int[] _suffixLeft;
    private readonly int[] _whitespace;
    private readonly HashSet<int> _whitespaceSet;
    private readonly int[] _forbidden;
    private readonly int? _thinkOpen;
    private readonly IReadOnlyList<int> _endOfGeneration;
    private readonly int[][] _refusals;
    private List<int[]> _refusalCandidates = [];
    private int _refusalAt;
    private Phase _phase;
    private bool _reasoned;
    private int _leadingWhitespace;
    private int _forcedLeft;
    private bool _committedAny;

    public AnswerGate(OutputConstraint constraint, ConstraintVocabulary vocabulary, Tokenizer tokenizer, int? thinkOpenId, bool startsInReasoning)
    {
        _matcher = constraint.Grammar?.CreateMatcher(vocabulary.Tokens);
        _lazy = constraint.Trigger is not null;
        _trigger = constraint.Trigger is { } trigger ? tokenizer.FindToken(trigger) : null;
        _prefix = constraint.Prefix.Length > 0 ? tokenizer.Encode(constraint.Prefix, addSpecial: false, parseSpecial: true) : [];
        _suffix = constraint.Suffix.Length > 0 ? tokenizer.Encode(constraint.Suffix, addSpecial: false, parseSpecial: true) : [];
        _suffixLeft = _suffix;
        _suffixText = constraint.Suffix;
        _bridges = _matcher is not null && _suffix.Length > 0 ? vocabulary.BridgesInto(constraint.Suffix) : [];
        _tokenizer = tokenizer;
        _whitespace = vocabulary.WhitespaceIds;
        _whitespaceSet = [.. _whitespace];
        _forbidden = [.. constraint.ForbiddenTokens.Select(tokenizer.FindToken).OfType<int>()];
        _thinkOpen = thinkOpenId;
        _refusals = _matcher is null || _lazy ? [] : [.. constraint.RefusalPrefixes.Select(p => tokenizer.Encode(p, addSpecial: false, parseSpecial: false)).Where(t => t.Length > 0)];
        // Only a constraint that must be met owes an answer; a lazy one is met by plain text too.
        _endOfGeneration = !_lazy && (_matcher is not null || _prefix.Length > 0) ? vocabulary.Tokens.EndOfGenerationIds : [];
        _phase = startsInReasoning ? Phase.Reasoning : Answering;
        _reasoned = startsInReasoning;
    }

    private enum Phase
    {
        Reasoning,
        /// <summary>A lazy constraint waits for its trigger; anything may be written.</summary>
        Free,
        Open,
        Prefix,
        Value,
        Suffix,
        Done,
        RefusalPrefix,
        Refusal,
        /// <summary>The room is running out: the shortest way to finish (the prefix left, the value, the suffix) is forced.</summary>
        Closing,
    }

    /// <summary>Where the answer starts once the reasoning is over.</summary>
    private Phase Answering => _lazy ? Phase.Free : Phase.Open;

    /// <summary>The model chose to refuse: the answer so far (from the refusal phrase on) is a refusal.</summary>
    public bool InRefusal => _phase is Phase.RefusalPrefix or Phase.Refusal;

    /// <summary>The constraint has been met in full (the suffix is written); the choice should end.</summary>
    public bool Finished => _phase == Phase.Done;

    /// <summary>
    /// Tokens to commit now without sampling: the rest of the prefix, the suffix, or — once <paramref name="room"/> (the
    /// tokens the choice may still write) only just holds the shortest way to finish the constraint — that way.
    /// </summary>
    public bool TakeForced(List<int> forced, int room = int.MaxValue)
    {
        forced.Clear();
        CloseIfOutOfRoom(room);
        switch (_phase)
        {
            case Phase.Prefix:
                forced.AddRange(_prefix.AsSpan(_prefix.Length - _forcedLeft));
                return forced.Count > 0;
            case Phase.Suffix:
                forced.AddRange(_suffixLeft);
                return forced.Count > 0;
            case Phase.Closing:
                TakeClosing(forced);
                return true;
            default:
                return false;
        }
    }

    public void FillMask(Span<ulong> allowedBits)
    {
        switch (_phase)
        {
            case Phase.Reasoning:
                // An answer is owed: the reasoning may not end the generation, only close the thinking.
                allowedBits.Fill(ulong.MaxValue);
                foreach (var id in _endOfGeneration)
                {
                    allowedBits[id >> 6] &= ~(1UL << (id & 63));
                }

                return;
            case Phase.Done:
            case Phase.Refusal:
                allowedBits.Fill(ulong.MaxValue);
                return;
            case Phase.Free:
                allowedBits.Fill(ulong.MaxValue);
                break;
            case Phase.RefusalPrefix:
                foreach (var candidate in _refusalCandidates)
                {
                    Allow(allowedBits, candidate[_refusalAt]);
                }

                return;
            case Phase.Open:
                FillStart(allowedBits);
                // Thinking opens with the first token or not at all (as the thinking budget counts it).
                if (!_reasoned && !_committedAny && _thinkOpen is { } open)
                {
                    Allow(allowedBits, open);
                }

                foreach (var refusal in _refusals)
                {
                    Allow(allowedBits, refusal[0]);
                }

                if (_leadingWhitespace < MaxLeadingWhitespace)
                {
                    foreach (var id in _whitespace)
                    {
                        Allow(allowedBits, id);
                    }
                }

                break;
            default:
                FillValue(allowedBits);
                break;
        }

        foreach (var id in _forbidden)
        {
            allowedBits[id >> 6] &= ~(1UL << (id & 63));
        }
    }

    /// <summary>Moves the gate by one committed token; <paramref name="inReasoning"/> is the parser's state after it.</summary>
    public void OnCommitted(int token, bool inReasoning)
    {
        _committedAny = true;
        switch (_phase)
        {
            case Phase.Reasoning:
                if (!inReasoning)
                {
                    (_phase, _leadingWhitespace) = (Answering, 0);
                }

                return;
            case Phase.Free when inReasoning:
                (_phase, _reasoned) = (Phase.Reasoning, true);
                return;
            case Phase.Free when token == _trigger:
                (_phase, _forcedLeft) = _prefix.Length > 0 ? (Phase.Prefix, _prefix.Length) : (AfterPrefix(), _suffix.Length);
                return;
            case Phase.Free:
                return;
            case Phase.Open when inReasoning:
                (_phase, _reasoned) = (Phase.Reasoning, true);
                return;
            case Phase.Open when _whitespaceSet.Contains(token):
                _leadingWhitespace++;
                return;
            case Phase.Open when StartsRefusal(token):
                (_refusalCandidates, _refusalAt) = ([], 0);
                AdvanceRefusal(_refusals, token);
                return;
            case Phase.RefusalPrefix:
                AdvanceRefusal(_refusalCandidates, token);
                return;
            case Phase.Open when _prefix.Length > 0:
                (_phase, _forcedLeft) = _prefix.Length > 1 ? (Phase.Prefix, _prefix.Length - 1) : (AfterPrefix(), _suffix.Length);
                return;
            case Phase.Open:
                _phase = Phase.Value;
                AcceptValue(token);
                return;
            case Phase.Prefix:
                if (--_forcedLeft == 0)
                {
                    (_phase, _forcedLeft) = (AfterPrefix(), _suffix.Length);
                }

                return;
            case Phase.Value:
                AcceptValue(token);
                return;
            case Phase.Suffix:
                if (--_forcedLeft <= 0)
                {
                    _phase = AfterSuffix();
                }

                return;
            case Phase.Closing:
                CommitClosing(token);
                return;
        }
    }

    /// <summary>
    /// A loop, not a lambda: a lambda capturing <paramref name="token"/> would make <see cref="OnCommitted"/> allocate
    /// its closure on every call, in every phase — every token of a request with <c>tool_choice: auto</c>.
    /// </summary>
    private bool StartsRefusal(int token)
    {
        foreach (var refusal in _refusals)
        {
            if (refusal[0] == token)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Keeps the refusal phrases the committed token continues; one complete frees the rest of the answer.</summary>
    private void AdvanceRefusal(IEnumerable<int[]> candidates, int token)
    {
        _refusalCandidates = [.. candidates.Where(c => c[_refusalAt] == token)];
        _refusalAt++;
        _phase = _refusalCandidates.Any(c => c.Length == _refusalAt) ? Phase.Refusal : Phase.RefusalPrefix;
    }

    /// <summary>The value and its suffix are written: the choice ends, or (lazy) the answer is free for the next call.</summary>
    private Phase AfterSuffix()
    {
        if (!_lazy)
        {
            return Phase.Done;
        }

        _matcher?.Reset();
        _suffixLeft = _suffix;
        return Phase.Free;
    }

    private Phase AfterPrefix() => _matcher is not null ? Phase.Value : _suffix.Length > 0 ? Phase.Suffix : Phase.Done;

    private void AcceptValue(int token)
    {
        if (_matcher is null)
        {
            return;
        }

        if (!_matcher.Accept(token) && Bridge(token) is { } bridge)
        {
            // The token ends the value and starts the suffix: the grammar takes its value bytes, and only the rest
            // of the suffix is still forced.
            _matcher.AcceptBytes(_matcher.Vocabulary.GetTokenBytes(token)[..bridge.ValueBytes]);
            var rest = System.Text.Encoding.UTF8.GetString(System.Text.Encoding.UTF8.GetBytes(_suffixText).AsSpan(bridge.SuffixBytes));
            _suffixLeft = rest.Length > 0 ? _tokenizer.Encode(rest, addSpecial: false, parseSpecial: true) : [];
            (_phase, _forcedLeft) = _suffixLeft.Length > 0 ? (Phase.Suffix, _suffixLeft.Length) : (AfterSuffix(), 0);
            return;
        }

        if (_matcher.IsComplete && _suffix.Length > 0)
        {
            (_phase, _forcedLeft) = (Phase.Suffix, _suffix.Length);
        }
    }

    private SuffixBridge? Bridge(int token)
    {
        foreach (var bridge in _bridges)
        {
            if (bridge.Id == token)
            {
                return bridge;
            }
        }

        return null;
    }

    private void FillStart(Span<ulong> allowedBits)
    {
        if (_prefix.Length > 0)
        {
            Allow(allowedBits, _prefix[0]);
        }
        else
        {
            FillValue(allowedBits);
        }
    }

    private void FillValue(Span<ulong> allowedBits)
    {
        if (_matcher is null)
        {
            allowedBits.Fill(ulong.MaxValue);
            return;
        }

        if (allowedBits.Length >= _matcher.Vocabulary.MaskLength)
        {
            _matcher.FillMask(allowedBits);
        }
        else
        {
            Span<ulong> full = new ulong[_matcher.Vocabulary.MaskLength];
            _matcher.FillMask(full);
            full[..allowedBits.Length].CopyTo(allowedBits);
        }

        foreach (var bridge in _bridges)
        {
            if (_matcher.WouldCompleteWith(_matcher.Vocabulary.GetTokenBytes(bridge.Id)[..bridge.ValueBytes]))
            {
                Allow(allowedBits, bridge.Id);
            }
        }
    }

    private static void Allow(Span<ulong> allowedBits, int id)
    {
        if ((id >> 6) < allowedBits.Length)
        {
            allowedBits[id >> 6] |= 1UL << (id & 63);
        }
    }
}

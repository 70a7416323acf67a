namespace Deliberate.Engine.Chat;

/// <summary>
/// Closing when the room runs out. A constrained answer that <c>max_completion_tokens</c> or the context would cut in
/// the middle of its value ends instead with the shortest way to finish it (and the rest of the prefix and the suffix,
/// for a forced tool call), so what the caller gets always parses; the choice still finishes with <c>length</c>.
/// Before each step the gate compares the room with the tokens it still owes, and after each sample whether writing
/// that token would leave enough room to finish afterwards; the first time either says no, the closing is forced.
/// See docs/structured-outputs.md.
/// </summary>
internal sealed partial class AnswerGate
{
    /// <summary>Most closing tokens forced in one step (a step feeds at most this many tokens per choice).</summary>
    private const int MaxForcedPerStep = ChatScheduler.MaxPendingPerChoice;

    private readonly List<int> _closing = [];
    private readonly List<int> _valueCompletion = [];
    private int _closingAt;
    private int _closingValueStart;
    private int _closingValueEnd;

    /// <summary>The answer was closed early to fit the room (the choice finishes with <c>length</c>).</summary>
    public bool CutShort { get; private set; }

    /// <summary>
    /// Called with the token just sampled and the room before it: when writing it would leave too little room to finish
    /// the constraint afterwards, the closing starts now instead, <paramref name="forced"/> holds its first tokens and
    /// the sampled token is dropped. Thinking and refusing are never stopped: they owe no JSON.
    /// </summary>
    public bool ClosesInsteadOf(int token, int room, List<int> forced)
    {
        forced.Clear();
        if (_matcher is null || _phase is not (Phase.Open or Phase.Value) || FitsAfter(token, room - 1) || Owed(room) > room)
        {
            return false;
        }

        StartClosing();
        TakeClosing(forced);
        return true;
    }

    /// <summary>Starts the closing when the tokens owed exactly fill the room (with less room nothing can be saved).</summary>
    private void CloseIfOutOfRoom(int room)
    {
        if (_phase is (Phase.Open or Phase.Prefix or Phase.Value) && Owed(room - 1) == room)
        {
            StartClosing();
        }
    }

    private bool FitsAfter(int token, int roomAfter)
    {
        switch (_phase)
        {
            case Phase.Open when token == _thinkOpen || StartsRefusal(token):
                return true;
            case Phase.Open when _whitespaceSet.Contains(token):
                return Owed(roomAfter) <= roomAfter;
            case Phase.Open when _prefix.Length > 0:
                // The token is the prefix's first: one fewer owed.
                return Owed(roomAfter + 1) - 1 <= roomAfter;
            case Phase.Value when Bridge(token) is not null:
                // It ends the value and starts the suffix: what is left is shorter than what was owed.
                return true;
        }

        if (_matcher!.Vocabulary.IsExcluded[token])
        {
            return true; // not a value token: the mask never offers one here, and the grammar would not take it
        }

        // Probed, not accepted: the matcher's state (and its history) stays as it is until the token is committed.
        var bytes = _matcher.Vocabulary.GetTokenBytes(token);
        var fixedPart = _suffix.Length;
        var bytesLeft = _matcher.ShortestCompletionBytesAfter(bytes);
        if (bytesLeft == int.MaxValue || (long)fixedPart + bytesLeft <= roomAfter)
        {
            return true; // rejected (not a value token, so not this check's business), or fits even byte by byte
        }

        return _matcher.TryGetShortestCompletionTokensAfter(bytes, _valueCompletion) && fixedPart + _valueCompletion.Count <= roomAfter;
    }

    /// <summary>
    /// Tokens still owed from here (the prefix left, the shortest value completion, the suffix). Exact when it exceeds
    /// <paramref name="limit"/>; otherwise possibly a byte count standing in for it (never smaller than the token count),
    /// which is all a comparison with the limit needs and spares cutting the completion into tokens at every step.
    /// </summary>
    private int Owed(int limit)
    {
        var fixedPart = PrefixLeft + _suffix.Length;
        if (_matcher is null)
        {
            return fixedPart;
        }

        var bound = (long)fixedPart + _matcher.ShortestCompletionBytes;
        if (bound <= limit)
        {
            return (int)bound;
        }

        return _matcher.TryGetShortestCompletionTokens(_valueCompletion) ? fixedPart + _valueCompletion.Count : int.MaxValue;
    }

    private int PrefixLeft => _phase switch
    {
        Phase.Open => _prefix.Length,
        Phase.Prefix => _forcedLeft,
        _ => 0,
    };

    private void StartClosing()
    {
        _closing.Clear();
        _closing.AddRange(_prefix.AsSpan(_prefix.Length - PrefixLeft));
        _closingValueStart = _closing.Count;
        if (_matcher is not null && _matcher.TryGetShortestCompletionTokens(_valueCompletion))
        {
            _closing.AddRange(_valueCompletion);
        }

        _closingValueEnd = _closing.Count;
        _closing.AddRange(_suffix);
        _closingAt = 0;
        CutShort = true;
        _phase = _closing.Count > 0 ? Phase.Closing : Phase.Done;
    }

    private void TakeClosing(List<int> forced)
    {
        var count = Math.Min(MaxForcedPerStep, _closing.Count - _closingAt);
        for (var i = 0; i < count; i++)
        {
            forced.Add(_closing[_closingAt + i]);
        }
    }

    private void CommitClosing(int token)
    {
        if (_closingAt >= _closingValueStart && _closingAt < _closingValueEnd)
        {
            _matcher!.Accept(token);
        }

        if (++_closingAt >= _closing.Count)
        {
            _phase = Phase.Done;
        }
    }
}

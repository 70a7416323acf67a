namespace Deliberate.Evals.Scoring;

/// <summary>
/// Whether a reply passes an <c>expect: chat</c> item (a greeting, thanks, "who are you", "help"): its answer
/// contains one phrase of every <c>must_include</c> group (case-insensitive; ’ counts as <c>'</c>), it is neither a
/// <see cref="RefusalRule">refusal</see> nor a <see cref="DeclineRule">decline</see>, it is not
/// <see cref="DegeneracyCheck">degenerate</see>, and it is at most <see cref="MaxLength"/> characters — a chat reply
/// is short.
/// </summary>
public static class ChatReplyRule
{
    /// <summary>The longest answer that passes, in characters (the model is trained to stay under 300).</summary>
    public const int MaxLength = 400;

    public static bool Passes(Reply reply, IReadOnlyList<IReadOnlyList<string>> mustInclude, bool degenerate)
    {
        ArgumentNullException.ThrowIfNull(reply);
        ArgumentNullException.ThrowIfNull(mustInclude);
        var answer = Apostrophes.Straighten(reply.Answer);
        return !degenerate
            && answer.Length <= MaxLength
            && !RefusalRule.IsRefusal(answer)
            && !DeclineRule.IsDecline(answer)
            && mustInclude.All(group => group.Any(phrase => answer.Contains(Apostrophes.Straighten(phrase), StringComparison.OrdinalIgnoreCase)));
    }
}

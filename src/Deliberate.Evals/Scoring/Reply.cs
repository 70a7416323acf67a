using Microsoft.Extensions.AI;

namespace Deliberate.Evals.Scoring;

/// <summary>
/// The parts of a reply that the behaviour rules and the degeneracy check read.
/// </summary>
/// <param name="Reasoning">
/// The model's reasoning: the engine's reasoning content, plus a <c>&lt;think&gt;</c> block an endpoint left in
/// the content. Empty when the endpoint does not return reasoning (ours does only with <c>include_reasoning</c>).
/// </param>
/// <param name="Answer">The content after the reasoning (an OpenAI <c>refusal</c> counts as content), trimmed.</param>
/// <param name="HitLengthLimit">The reply ended at the token limit (<c>finish_reason: length</c>).</param>
/// <param name="CalledTool">The reply calls a tool (which is an answer, though it has no text).</param>
public sealed record Reply(string Reasoning, string Answer, bool HitLengthLimit, bool CalledTool)
{
    private const string ThinkOpen = "<think>";
    private const string ThinkClose = "</think>";

    public static Reply From(ChatResponse response)
    {
        ArgumentNullException.ThrowIfNull(response);
        var contents = response.Messages.SelectMany(m => m.Contents).ToList();
        var reasoning = string.Concat(contents.OfType<TextReasoningContent>().Select(r => r.Text));
        // The OpenAI adapter turns message.refusal into an error content coded "Refusal"; it is what the model said.
        var content = string.Concat(contents.Select(c => c switch
        {
            TextContent text => text.Text,
            ErrorContent { ErrorCode: "Refusal" } refusal => refusal.Message,
            _ => "",
        }));
        var close = content.LastIndexOf(ThinkClose, StringComparison.Ordinal);
        if (close >= 0)
        {
            var inline = content[..close].TrimStart();
            reasoning += inline.StartsWith(ThinkOpen, StringComparison.Ordinal) ? inline[ThinkOpen.Length..] : inline;
            content = content[(close + ThinkClose.Length)..];
        }

        return new Reply(reasoning, content.Trim(), response.FinishReason == ChatFinishReason.Length, contents.OfType<FunctionCallContent>().Any());
    }

    /// <summary>The answer on one line, cut to <paramref name="maxLength"/> characters, for failure listings.</summary>
    public string AnswerExcerpt(int maxLength = 160)
    {
        var flat = Answer.ReplaceLineEndings("\\n");
        return flat.Length <= maxLength ? flat : flat[..maxLength] + "…";
    }
}

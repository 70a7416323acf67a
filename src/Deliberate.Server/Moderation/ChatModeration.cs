using System.Runtime.CompilerServices;
using Deliberate.Engine.Chat;
using Deliberate.Engine.Moderation;
using Deliberate.Server.Telemetry;
using ServerChatRequest = Deliberate.Server.Chat.ChatRequest;

namespace Deliberate.Server.Moderation;

/// <summary>
/// The optional moderation of chat completions (<c>moderateInput</c>, <c>moderateOutput</c>). Flagged input is refused
/// without generating; flagged output is withheld from the flagged sentence on. Either way the choice carries a brief
/// refusal in <c>message.refusal</c> (docs/safety-spec.md 4.1, or 4.3 for self-harm), <c>content</c> is null and
/// <c>finish_reason</c> is <c>content_filter</c>. Each flag is logged (categories, never the text) and counted.
/// </summary>
public sealed class ChatModeration(ModerationClassifier classifier, bool moderateInput, bool moderateOutput, ServerMetrics metrics, ILogger<ChatModeration> logger)
{
    /// <summary>OpenAI's finish reason for content its filter withheld.</summary>
    public const string ContentFilter = "content_filter";

    public const string Refusal = "I can't help with that.";

    public const string SelfHarmRefusal = "I'm sorry you're going through this. I can't help with that, but you don't have to face it alone: "
        + "please reach out to someone you trust, your local emergency number, or a crisis line such as 988 in the US.";

    public bool ModeratesInput => moderateInput;

    public bool ModeratesOutput => moderateOutput;

    /// <summary>
    /// The newest turn's verdict when it is flagged, else null: every user message after the last assistant message
    /// is scored on its own. Earlier turns were checked when they were new, so a conversation that once went wrong
    /// is not refused for ever after.
    /// </summary>
    public ModerationResult? CheckInput(ServerChatRequest request)
    {
        if (!moderateInput)
        {
            return null;
        }

        var messages = request.Messages;
        var newest = messages.Count;
        while (newest > 0 && messages[newest - 1].Role != "assistant")
        {
            newest--;
        }

        for (var i = newest; i < messages.Count; i++)
        {
            if (messages[i].Role == "user" && classifier.Classify(messages[i].Content) is { Flagged: true } result)
            {
                Record("input", result, request.RequestedModel);
                return result;
            }
        }

        return null;
    }

    /// <summary>What a refused request streams or returns: each choice's refusal and its finish, then the usage (prompt only).</summary>
    public async IAsyncEnumerable<ChatEvent> Refuse(ModerationResult verdict, int choices, int promptTokens)
    {
        for (var k = 0; k < choices; k++)
        {
            yield return new RefusalChunk(k, RefusalFor(verdict));
            yield return new ChoiceFinished(k, new ChoiceOutcome(null, RefusalFor(verdict), "", [], ContentFilter, 0, 0));
        }

        yield return new GenerationFinished(promptTokens, 0, 0, 0, default);
        await Task.CompletedTask;
    }

    /// <summary>
    /// The generation with every choice's answer passed through a <see cref="ModerationGate"/>: text goes on a sentence
    /// late, once checked; from a flag on, the choice's text is dropped, its refusal sent and its finish made
    /// <see cref="ContentFilter"/>. Reasoning passes unchecked (it is the model's deliberation, which names what it refuses).
    /// </summary>
    public async IAsyncEnumerable<ChatEvent> GateOutput(IAsyncEnumerable<ChatEvent> events, ServerChatRequest request, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var gates = new ModerationGate?[request.N];
        await foreach (var e in events.WithCancellation(cancellationToken))
        {
            switch (e)
            {
                case ContentChunk c:
                    var gate = gates[c.Choice] ??= new ModerationGate(classifier);
                    if (gate.Flagged is not null)
                    {
                        break;
                    }

                    var released = gate.Append(c.Text);
                    if (Passed(gate, released, c.Choice, request) is { } next)
                    {
                        yield return next;
                    }

                    break;
                case ChoiceFinished f:
                    var last = gates[f.Choice] ??= new ModerationGate(classifier);
                    if (last.Flagged is null && Passed(last, last.Finish(), f.Choice, request) is { } rest)
                    {
                        yield return rest;
                    }

                    // A withheld answer is no answer: no content, no calls parsed from it, the refusal in its place.
                    yield return last.Flagged is not { } withheld ? f
                        : f with { Outcome = f.Outcome with { Content = null, Refusal = RefusalFor(withheld), ToolCalls = [], FinishReason = ContentFilter } };
                    break;
                default:
                    yield return e;
                    break;
            }
        }
    }

    /// <summary>The event to send after feeding a gate: the released text, the refusal if it just flagged, or nothing.</summary>
    private ChatEvent? Passed(ModerationGate gate, string released, int choice, ServerChatRequest request)
    {
        if (gate.Flagged is { } verdict)
        {
            Record("output", verdict, request.RequestedModel);
            return new RefusalChunk(choice, RefusalFor(verdict));
        }

        return released.Length > 0 ? new ContentChunk(choice, released) : null;
    }

    private static string RefusalFor(ModerationResult verdict) => verdict.IsSelfHarm ? SelfHarmRefusal : Refusal;

    private void Record(string direction, ModerationResult verdict, string model)
    {
        var categories = verdict.FlaggedCategories.ToList();
        metrics.CountModerationFlag(direction, categories);
        ServerLog.ModerationFlagged(logger, direction, model, string.Join(", ", categories));
    }
}

using System.Text;

namespace Deliberate.Engine.Chat;

/// <summary>
/// One request running in the scheduler, read as <see cref="ChatEvent"/>s: each choice's reasoning, content and
/// refusal as they stream, a <see cref="ChoiceFinished"/> with the choice's <see cref="ChoiceOutcome"/> when it ends,
/// and last <see cref="GenerationFinished"/>. The scheduler publishes values; the strings, the held answer of a request
/// that may call tools, and the outcome are made here, on the reader's side. Read it once; a reader that stops early
/// (or whose token is cancelled) cancels the request's sequences.
/// </summary>
public sealed class ChatGeneration : IAsyncEnumerable<ChatEvent>
{
    private readonly ChatRequest _request;
    private readonly RequestEventQueue _events;
    private readonly CancellationTokenSource _cancel;
    private int _read;

    internal ChatGeneration(ChatRequest request, RequestEventQueue events, CancellationTokenSource cancel)
    {
        _request = request;
        _events = events;
        _cancel = cancel;
    }

    public async IAsyncEnumerator<ChatEvent> GetAsyncEnumerator(CancellationToken cancellationToken = default)
    {
        if (Interlocked.Exchange(ref _read, 1) != 0)
        {
            throw new InvalidOperationException("a generation's events can be read once");
        }

        var cancel = _cancel;
        var events = _events;
        using var callerCancels = cancellationToken.UnsafeRegister(static s => ((CancellationTokenSource)s!).Cancel(), cancel);
        using var wakeOnCancel = cancel.Token.UnsafeRegister(static s => ((RequestEventQueue)s!).WakeReader(), events);
        var choices = new ChoiceTexts[_request.N];
        for (var c = 0; c < choices.Length; c++)
        {
            choices[c] = new ChoiceTexts();
        }

        var held = _request.ParsesToolCalls;
        var text = new StringBuilder();
        var ended = false;
        try
        {
            while (await events.WaitToReadAsync().ConfigureAwait(false))
            {
                cancel.Token.ThrowIfCancellationRequested();
                while (events.TryRead(out var item))
                {
                    // Events already queued are not handed to a reader that cancelled.
                    cancel.Token.ThrowIfCancellationRequested();
                    if (item.Kind <= SchedulerEventKind.Refusal)
                    {
                        choices[item.Choice].Append(item);
                        if (item.Kind == SchedulerEventKind.Content && held)
                        {
                            continue;
                        }

                        // One chunk per text the choice wrote (a longer one arrives in pieces, written back to back).
                        AppendText(text, item);
                        if (!item.Continues)
                        {
                            yield return Chunk(item.Kind, item.Choice, text);
                        }

                        continue;
                    }

                    if (item.Kind == SchedulerEventKind.ChoiceFinished)
                    {
                        var outcome = choices[item.Choice].Decide(_request, item);
                        if (held && outcome.Content is { Length: > 0 } answer)
                        {
                            yield return new ContentChunk(item.Choice, answer);
                        }

                        yield return new ChoiceFinished(item.Choice, outcome);
                    }
                    else
                    {
                        yield return new GenerationFinished(item.PromptTokens, item.CachedPromptTokens, item.CompletionTokens, item.ReasoningTokens, item.Timings);
                    }
                }

                cancel.Token.ThrowIfCancellationRequested();
            }

            ended = true;
        }
        finally
        {
            if (!ended)
            {
                // A reader that stops early (a break, an exception, its token) frees the sequences at the next step.
                cancel.Cancel();
            }

            cancel.Dispose();
        }
    }

    private static void AppendText(StringBuilder text, in SchedulerEvent item) => text.Append(((ReadOnlySpan<char>)item.Text)[..item.Length]);

    private static ChatEvent Chunk(SchedulerEventKind kind, int choice, StringBuilder text)
    {
        var value = text.ToString();
        text.Clear();
        return kind switch
        {
            SchedulerEventKind.Reasoning => new ReasoningChunk(choice, value),
            SchedulerEventKind.Refusal => new RefusalChunk(choice, value),
            _ => new ContentChunk(choice, value),
        };
    }

    /// <summary>Everything one choice wrote, for its outcome.</summary>
    private sealed class ChoiceTexts
    {
        private readonly StringBuilder _content = new();
        private readonly StringBuilder _reasoning = new();
        private StringBuilder? _refusal;

        public void Append(in SchedulerEvent item) => AppendText(item.Kind switch
        {
            SchedulerEventKind.Reasoning => _reasoning,
            SchedulerEventKind.Refusal => _refusal ??= new StringBuilder(),
            _ => _content,
        }, item);

        public ChoiceOutcome Decide(ChatRequest request, in SchedulerEvent finished) => ChoiceOutcome.Decide(
            request, _content.ToString(), _reasoning.ToString(), _refusal?.ToString(), finished.FinishReason!, finished.CompletionTokens, finished.ReasoningTokens);
    }
}

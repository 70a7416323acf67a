using Deliberate.Engine.Chat;

namespace Deliberate.Cli.Commands;

/// <summary>
/// A generation written to the terminal as it streams, for <c>chat</c> and <c>generate</c>: reasoning dimmed, the
/// answer plain, and after it one line on stderr with the token counts and the finish reason. Escape codes only go to
/// a terminal, so redirected output is plain text.
/// </summary>
internal static class ConsoleReply
{
    private const string Dim = "\u001b[2m";
    private const string Reset = "\u001b[0m";

    /// <summary>Streams the reply of the one choice; returns what the engine decided it is, and the request's counts.</summary>
    public static async Task<(ChoiceOutcome Outcome, GenerationFinished Done)> WriteAsync(ChatGeneration generation, CancellationToken cancellationToken)
    {
        var dim = !Console.IsOutputRedirected;
        ChoiceOutcome? outcome = null;
        GenerationFinished? done = null;
        var reasoned = false;
        await foreach (var chatEvent in generation.WithCancellation(cancellationToken).ConfigureAwait(false))
        {
            switch (chatEvent)
            {
                case ReasoningChunk reasoning:
                    Console.Out.Write(dim ? Dim + reasoning.Text + Reset : reasoning.Text);
                    reasoned = true;
                    break;
                case ContentChunk or RefusalChunk:
                    // The answer starts on its own line, so reasoning and answer stay apart without the dimming too.
                    if (reasoned)
                    {
                        Console.Out.WriteLine();
                        reasoned = false;
                    }

                    Console.Out.Write(chatEvent is ContentChunk content ? content.Text : ((RefusalChunk)chatEvent).Text);
                    break;
                case ChoiceFinished finished:
                    outcome = finished.Outcome;
                    break;
                case GenerationFinished finished:
                    done = finished;
                    break;
            }
        }

        Console.Out.WriteLine();
        if (outcome is null || done is null)
        {
            throw new InvalidOperationException("the generation ended without its outcome");
        }

        var stats = $"[prompt {done.PromptTokens} tokens ({done.CachedPromptTokens} cached), reasoning {outcome.ReasoningTokens} tokens, "
            + $"answer {outcome.CompletionTokens - outcome.ReasoningTokens} tokens, finish {outcome.FinishReason}]";
        Console.Error.WriteLine(Console.IsErrorRedirected ? stats : Dim + stats + Reset);
        return (outcome, done);
    }
}

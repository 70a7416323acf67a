using System.CommandLine;
using Deliberate.Engine.Chat;
using Deliberate.Engine.Templates;

namespace Deliberate.Cli.Commands;

/// <summary>
/// <c>deliberate generate</c>: streams the reply to one prompt, in process, through the same scheduler and budget
/// resolution the server uses. The prompt goes through the chat template as a user message, or as is with
/// <c>--raw</c> (a completion; a prompt that ends with <c>&lt;think&gt;</c> still opens the reasoning). A missing or
/// malformed model and a prompt too long for the context end as one line naming them (<see cref="CliInvocation"/>).
/// </summary>
internal static class GenerateCommand
{
    public static Command Create()
    {
        var shared = new GenerationOptions();
        var prompt = new Option<string>("--prompt", "-p") { Description = "Prompt text", Required = true };
        var count = new Option<int>("--tokens", "-n") { Description = "Tokens to generate at most (reasoning included)", DefaultValueFactory = _ => 256 }.AtLeast(1);
        var raw = new Option<bool>("--raw") { Description = "Use the prompt as is, without the chat template" };
        var command = new Command("generate", "Stream a completion of a prompt from a GGUF model (in-process engine)") { prompt, count, raw };
        foreach (var option in shared.All)
        {
            command.Options.Add(option);
        }

        command.SetAction(async (result, cancellationToken) =>
        {
            if (shared.ModelPathOf(result) is not { } path)
            {
                return CliInvocation.Usage;
            }

            var text = result.GetValue(prompt)!;
            var request = new ChatRequest
            {
                Messages = [ChatTemplateMessage.User(text)],
                Effort = shared.EffortOf(result),
                ThinkingBudget = result.GetValue(shared.ThinkingBudget),
                MaxCompletionTokens = result.GetValue(count),
                Sampling = shared.SamplingOf(result),
            };
            using var model = ChatModel.Load(path, new ChatModelOptions
            {
                Threads = result.GetValue(shared.Threads),
                ContextSize = result.GetValue(shared.Context),
                MaxActiveSequences = 1,
                PrefixCacheEntries = 0,
            });
            var generator = new ChatGenerator(model);
            var prepared = result.GetValue(raw) ? generator.PrepareRaw(text) : generator.Prepare(request);
            await ConsoleReply.WriteAsync(generator.Start(request, prepared, cancellationToken), cancellationToken).ConfigureAwait(false);
            return CliInvocation.Success;
        });
        return command;
    }
}

using System.CommandLine;
using Deliberate.Engine.Chat;
using Deliberate.Engine.Models;
using Deliberate.Engine.Templates;

namespace Deliberate.Cli.Commands;

/// <summary>
/// <c>deliberate chat</c>: an interactive conversation through the model's chat template and the same scheduler the
/// server uses; reasoning is shown dimmed, the history is kept (each turn with its reasoning), and the earlier turns
/// come from the prefix cache instead of being processed again. An empty line or the end of input ends it.
/// </summary>
internal static class ChatCommand
{
    public static Command Create()
    {
        var shared = new GenerationOptions();
        var count = new Option<int>("--tokens", "-n") { Description = "Tokens per reply at most (reasoning included)", DefaultValueFactory = _ => 1024 }.AtLeast(1);
        var command = new Command("chat", "Chat interactively with a GGUF model (in-process engine)") { count };
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

            var effort = shared.EffortOf(result);
            var sampling = shared.SamplingOf(result);
            using var model = ChatModel.Load(path, new ChatModelOptions
            {
                Threads = result.GetValue(shared.Threads),
                ContextSize = result.GetValue(shared.Context),
                MaxActiveSequences = 1,
                PrefixCacheEntries = 1,
            });
            var generator = new ChatGenerator(model);
            var history = new List<ChatTemplateMessage>();
            Console.WriteLine($"{Path.GetFileName(path)} - empty line or Ctrl-D to quit");
            while (!cancellationToken.IsCancellationRequested)
            {
                Console.Write("> ");
                var line = Console.ReadLine();
                if (string.IsNullOrWhiteSpace(line))
                {
                    break;
                }

                history.Add(ChatTemplateMessage.User(line));
                var request = new ChatRequest
                {
                    Messages = [.. history],
                    Effort = effort,
                    ThinkingBudget = result.GetValue(shared.ThinkingBudget),
                    MaxCompletionTokens = result.GetValue(count),
                    Sampling = sampling,
                };
                ChatPrompt prompt;
                try
                {
                    prompt = generator.Prepare(request);
                }
                catch (ContextLengthExceededException e)
                {
                    Console.Error.WriteLine($"deliberate chat: the conversation no longer fits the context ({e.Message}); start again with a larger --ctx-size");
                    return CliInvocation.Usage;
                }

                var (outcome, _) = await ConsoleReply.WriteAsync(generator.Start(request, prompt, cancellationToken), cancellationToken).ConfigureAwait(false);
                history.Add(new ChatTemplateMessage("assistant", outcome.Content ?? outcome.Refusal ?? "") { ReasoningContent = outcome.Reasoning });
            }

            return CliInvocation.Success;
        });
        return command;
    }
}

using System.CommandLine;
using System.Text;
using Deliberate.Engine.Reasoning;
using Deliberate.Engine.Runtime;
using Deliberate.Engine.Sampling;
using Deliberate.Engine.Templates;

namespace Deliberate.Cli.Commands;

/// <summary><c>deliberate chat</c>: interactive chat with the model's template; reasoning is shown dimmed.</summary>
internal static class ChatCommand
{
    private const string Dim = "\u001b[2m";
    private const string Reset = "\u001b[0m";

    public static Command Create()
    {
        var model = new Option<string?>("--model", "-m") { Description = "GGUF model file (default: the model in models/)" };
        var count = new Option<int>("--tokens", "-n") { Description = "Tokens per reply at most", DefaultValueFactory = _ => 1024 }.AtLeast(1);
        var temp = new Option<float>("--temp") { Description = "Temperature (0 = greedy)", DefaultValueFactory = _ => 0.6f }.Between(0, 2);
        var threads = new Option<int>("--threads", "-t") { Description = "Compute threads (0 = all cores)" }.AtLeast(0);
        var context = new Option<int>("--ctx-size", "-c") { Description = "Context size in tokens", DefaultValueFactory = _ => 4096 }.AtLeast(1);
        var command = new Command("chat", "Chat interactively with a GGUF model (in-process engine)") { model, count, temp, threads, context };
        command.SetAction((result, cancellationToken) =>
        {
            var path = result.GetValue(model) ?? Deliberate.Server.Configuration.BuiltinModels.Locate();
            if (path is null)
            {
                Console.Error.WriteLine("No model: pass -m FILE.gguf (or put a .gguf file in models/).");
                return Task.FromResult(2);
            }
            using var session = ModelSession.Open(path, result.GetValue(threads));
            var template = session.Template ?? ChatTemplate.Builtin(BuiltinChatTemplate.ChatMlThink);
            var history = new List<ChatTemplateMessage>();
            var generator = new TextGenerator(session.Model);
            var sampler = new Sampler(session.Model.Config.VocabularySize, new SamplerOptions { Temperature = result.GetValue(temp), TopK = 20, TopP = 0.95f });
            Console.WriteLine($"{Path.GetFileName(path)} - empty line or Ctrl-D to quit");
            while (!cancellationToken.IsCancellationRequested)
            {
                Console.Write("> ");
                var line = Console.ReadLine();
                if (string.IsNullOrWhiteSpace(line))
                    break;
                history.Add(ChatTemplateMessage.User(line));
                var text = template.Render(new ChatTemplateInput { Messages = history });
                var tokens = session.Tokenizer.Encode(text, addSpecial: true, parseSpecial: true);
                // whole conversation re-processed each turn: simple and correct; prefix reuse is a later optimisation
                var sequence = session.Model.CreateSequence(Math.Min(result.GetValue(context), tokens.Length + result.GetValue(count)));
                var decoder = session.Tokenizer.CreateStreamingDecoder(renderSpecial: false);
                var parser = new ReasoningParser(startInReasoning: text.TrimEnd().EndsWith("<think>", StringComparison.Ordinal));
                var answer = new StringBuilder();
                var reasoning = new StringBuilder();
                void Show(IReadOnlyList<ReasoningDelta> deltas)
                {
                    foreach (var d in deltas)
                    {
                        bool isReasoning = d.Channel == ReasoningChannel.Reasoning;
                        (isReasoning ? reasoning : answer).Append(d.Text);
                        Console.Write(isReasoning ? Dim + d.Text + Reset : d.Text);
                    }
                }
                generator.Generate(sequence, tokens, sampler, result.GetValue(count), session.Tokenizer.EndOfGenerationIds,
                    token => Show(parser.Push(decoder.Decode(token))), cancellationToken);
                Show(parser.Push(decoder.Flush()));
                Show(parser.Flush());
                Console.WriteLine();
                history.Add(new ChatTemplateMessage("assistant", answer.ToString().Trim()) { ReasoningContent = reasoning.ToString().Trim() });
            }
            return Task.FromResult(0);
        });
        return command;
    }
}

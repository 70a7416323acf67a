using System.CommandLine;
using Deliberate.Engine.Runtime;
using Deliberate.Engine.Sampling;

namespace Deliberate.Cli.Commands;

/// <summary><c>deliberate generate</c>: streams a completion of one prompt from a GGUF model, in-process.</summary>
internal static class GenerateCommand
{
    public static Command Create()
    {
        var model = new Option<string?>("--model", "-m") { Description = "GGUF model file (default: the model in models/)" };
        var prompt = new Option<string>("--prompt", "-p") { Description = "Prompt text", Required = true };
        var count = new Option<int>("--tokens", "-n") { Description = "Tokens to generate at most", DefaultValueFactory = _ => 256 }.AtLeast(1);
        var seed = new Option<ulong?>("--seed") { Description = "Sampling seed" };
        var temp = new Option<float>("--temp") { Description = "Temperature (0 = greedy)", DefaultValueFactory = _ => 0.6f }.Between(0, 2);
        var topK = new Option<int>("--top-k") { Description = "Top-k (0 = off)", DefaultValueFactory = _ => 20 }.AtLeast(0);
        var topP = new Option<float>("--top-p") { Description = "Top-p", DefaultValueFactory = _ => 0.95f }.Between(0, 1);
        var threads = new Option<int>("--threads", "-t") { Description = "Compute threads (0 = all cores)" }.AtLeast(0);
        var context = new Option<int>("--ctx-size", "-c") { Description = "Context size in tokens", DefaultValueFactory = _ => 4096 }.AtLeast(1);
        var raw = new Option<bool>("--raw") { Description = "Use the prompt as is, without the chat template" };
        var command = new Command("generate", "Stream a completion of a prompt from a GGUF model (in-process engine)")
        {
            model, prompt, count, seed, temp, topK, topP, threads, context, raw,
        };
        command.SetAction((result, cancellationToken) =>
        {
            var path = result.GetValue(model) ?? Deliberate.Server.Configuration.BuiltinModels.Locate();
            if (path is null)
            {
                Console.Error.WriteLine("No model: pass -m FILE.gguf (or put a .gguf file in models/).");
                return Task.FromResult(2);
            }
            using var session = ModelSession.Open(path, result.GetValue(threads));
            var text = result.GetValue(prompt)!;
            if (!result.GetValue(raw))
                text = session.RenderUserPrompt(text);
            var tokens = session.Tokenizer.Encode(text, addSpecial: true, parseSpecial: true);
            var sampler = new Sampler(session.Model.Config.VocabularySize, new SamplerOptions
            {
                Temperature = result.GetValue(temp),
                TopK = result.GetValue(topK),
                TopP = result.GetValue(topP),
                Seed = result.GetValue(seed),
            });
            int n = result.GetValue(count);
            var sequence = session.Model.CreateSequence(Math.Min(result.GetValue(context), tokens.Length + n));
            var decoder = session.Tokenizer.CreateStreamingDecoder(renderSpecial: false);
            var generator = new TextGenerator(session.Model);
            generator.Generate(sequence, tokens, sampler, n, session.Tokenizer.EndOfGenerationIds,
                token => Console.Out.Write(decoder.Decode(token)), cancellationToken);
            Console.Out.Write(decoder.Flush());
            Console.Out.WriteLine();
            return Task.FromResult(0);
        });
        return command;
    }
}

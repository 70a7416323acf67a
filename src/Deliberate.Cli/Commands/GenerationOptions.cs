using System.CommandLine;
using Deliberate.Engine.Reasoning;

namespace Deliberate.Cli.Commands;

/// <summary>
/// The options <c>chat</c> and <c>generate</c> share: which model, how it runs, how hard it thinks and how it samples.
/// Values are checked while the command line is parsed; the effort goes through the engine's parser and, once the
/// request is submitted, its budget resolution, as a request to the server does.
/// </summary>
internal sealed class GenerationOptions
{
    public GenerationOptions()
    {
        Effort.Validators.Add(result =>
        {
            var text = result.GetValueOrDefault<string>();
            if (!Efforts.TryParse(text, out _))
            {
                result.AddError(new UnknownEffortException(text).Message);
            }
        });
    }

    public Option<string?> Model { get; } = new("--model", "-m") { Description = "GGUF model file (default: the model in models/)" };

    public Option<int> Threads { get; } = new Option<int>("--threads", "-t") { Description = "Compute threads (0 = all cores)" }.AtLeast(0);

    public Option<int> Context { get; } = new Option<int>("--ctx-size", "-c") { Description = "Context size in tokens", DefaultValueFactory = _ => 4096 }.AtLeast(1);

    public Option<string> Effort { get; } = new("--effort") { Description = "Reasoning effort: low, medium or high (picks the thinking budget)", DefaultValueFactory = _ => "medium" };

    public Option<int?> ThinkingBudget { get; } = new Option<int?>("--thinking-budget")
    {
        Description = "Most reasoning tokens, instead of the effort's budget (configured, else the file's, else the engine's default)",
    }.AtLeast(0);

    public Option<float> Temperature { get; } = new Option<float>("--temp") { Description = "Temperature (0 = greedy)", DefaultValueFactory = _ => 0.6f }.Between(0, 2);

    public Option<int> TopK { get; } = new Option<int>("--top-k") { Description = "Top-k (0 = off)", DefaultValueFactory = _ => 20 }.AtLeast(0);

    public Option<float> TopP { get; } = new Option<float>("--top-p") { Description = "Top-p", DefaultValueFactory = _ => 0.95f }.Between(0, 1);

    public Option<ulong?> Seed { get; } = new("--seed") { Description = "Sampling seed" };

    public IEnumerable<Option> All => [Model, Threads, Context, Effort, ThinkingBudget, Temperature, TopK, TopP, Seed];

    public Effort EffortOf(ParseResult result) => Efforts.Parse(result.GetValue(Effort)!);

    public Engine.Sampling.SamplerOptions SamplingOf(ParseResult result) => new()
    {
        Temperature = result.GetValue(Temperature),
        TopK = result.GetValue(TopK),
        TopP = result.GetValue(TopP),
        Seed = result.GetValue(Seed),
    };

    /// <summary>The model to load: <c>-m</c>, else the one in models/; null (and a message) when there is none.</summary>
    public string? ModelPathOf(ParseResult result)
    {
        var path = result.GetValue(Model) ?? Deliberate.Server.Configuration.BuiltinModels.Locate();
        if (path is null)
        {
            Console.Error.WriteLine("No model: pass -m FILE.gguf (or put a .gguf file in models/).");
        }

        return path;
    }
}

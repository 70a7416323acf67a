namespace Deliberate.Cli.Tests;

/// <summary>
/// The arguments, exit codes and output of <c>generate</c>, which runs through the scheduler with the engine's effort
/// model: a raw prompt that opens the reasoning is budget-forced like a chat one, and bad efforts or budgets are refused
/// while the command line is parsed, naming them.
/// </summary>
public sealed class GenerateCommandTests : IDisposable
{
    private readonly LoopModel _model = new();

    public void Dispose() => _model.Dispose();

    [Fact]
    public async Task GeneratesAFewTokensFromTheShippedModel()
    {
        var result = await CliRunner.RunAsync("generate", "-m", RepositoryPaths.ShippedNano, "-p", "What is 2 + 2?", "-n", "4", "--temp", "0", "-t", "1");

        CliAssert.Succeeded(result);
        Assert.NotEqual("", result.StdOut.Trim());
    }

    [Fact]
    public async Task ThePromptIsRequired()
    {
        var result = await CliRunner.RunAsync("generate", "-m", RepositoryPaths.ShippedNano);

        CliAssert.Rejected(result, "--prompt");
    }

    [Theory]
    [InlineData("--tokens", "0")]
    [InlineData("--ctx-size", "0")]
    [InlineData("--threads", "-1")]
    [InlineData("--temp", "-0.5")]
    [InlineData("--tokens", "many")]
    public async Task AnOutOfRangeOrMalformedValueIsAnErrorNamingTheOption(string option, string value)
    {
        var result = await CliRunner.RunAsync("generate", "-m", RepositoryPaths.ShippedNano, "-p", "hi", option, value);

        CliAssert.Rejected(result, option, value);
    }

    [Fact]
    public async Task AMissingModelFileIsAnErrorNamingIt()
    {
        using var temp = new TempDirectory();

        var result = await CliRunner.RunAsync("generate", "-m", temp.File("absent.gguf"), "-p", "hi");

        CliAssert.Rejected(result, "deliberate generate", temp.File("absent.gguf"));
    }

    [Fact]
    public async Task AModelFileThatIsNotGgufIsAnErrorNamingIt()
    {
        using var temp = new TempDirectory();
        await File.WriteAllTextAsync(temp.File("model.gguf"), "{\"weights\": [" + string.Join(", ", Enumerable.Range(0, 64)) + "]}");

        var result = await CliRunner.RunAsync("generate", "-m", temp.File("model.gguf"), "-p", "hi");

        CliAssert.Rejected(result, temp.File("model.gguf"), "not a GGUF file");
    }

    [Fact]
    public async Task APromptLongerThanTheContextIsAnError()
    {
        var result = await CliRunner.RunAsync("generate", "-m", RepositoryPaths.ShippedNano, "-p", string.Join(' ', Enumerable.Repeat("word", 200)), "-c", "16", "-n", "4");

        CliAssert.Rejected(result, "deliberate generate", "context");
    }

    [Fact]
    public async Task ARawPromptThatOpensTheReasoningIsClosedByTheBudget()
    {
        var result = await CliRunner.RunAsync("generate", "-m", _model.Path, "--raw", "-p", "Think about it.<think>\n", "--temp", "0", "-n", "20", "--thinking-budget", "4", "-t", "1");

        CliAssert.Succeeded(result);
        Assert.Contains($"reasoning {4 + _model.ClosingReasoningTokens} tokens, answer {20 - 4 - _model.ClosingReasoningTokens} tokens, finish length", result.StdErr, StringComparison.Ordinal);
        // Reasoning, then the answer on its own line; the tags never show.
        Assert.DoesNotContain("think>", result.StdOut, StringComparison.Ordinal);
        Assert.Equal(2, result.StdOut.TrimEnd('\n').Split('\n').Length);
    }

    [Theory]
    [InlineData("--effort", "extreme", "'extreme'")]
    [InlineData("--thinking-budget", "-1", "--thinking-budget")]
    public async Task ABadEffortOrBudgetIsAnErrorNamingIt(string option, string value, string named)
    {
        var result = await CliRunner.RunAsync("generate", "-m", _model.Path, "-p", "Hello", option, value);

        // Refused while parsing: exit 2 with the verb's help, and nothing generated.
        CliAssert.Rejected(result, named);
        Assert.DoesNotContain(LoopModel.Word, result.StdOut, StringComparison.Ordinal);
    }
}

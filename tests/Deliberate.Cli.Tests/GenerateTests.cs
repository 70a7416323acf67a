namespace Deliberate.Cli.Tests;

/// <summary>
/// <c>generate</c> runs through the scheduler with the engine's effort model: a raw prompt that opens the reasoning is
/// budget-forced like a chat one, and bad efforts or budgets are errors that name them, before any model loads.
/// </summary>
public sealed class GenerateTests : IDisposable
{
    private readonly LoopModel _model = new();

    public void Dispose() => _model.Dispose();

    [Fact]
    public async Task ARawPromptThatOpensTheReasoningIsClosedByTheBudget()
    {
        var result = await CliRunner.RunAsync("generate", "-m", _model.Path, "--raw", "-p", "Think about it.<think>\n", "--temp", "0", "-n", "20", "--thinking-budget", "4", "-t", "1");

        Assert.True(result.ExitCode == 0, $"exit {result.ExitCode}: {result.StdErr}");
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

        Assert.Equal(2, result.ExitCode);
        Assert.Contains(named, result.StdErr, StringComparison.Ordinal);
        Assert.Empty(result.StdOut);
    }
}

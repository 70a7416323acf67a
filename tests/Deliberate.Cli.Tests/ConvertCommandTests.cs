namespace Deliberate.Cli.Tests;

public sealed class ConvertCommandTests
{
    [Fact]
    public async Task ADirectoryWithoutConfigJsonIsAnErrorNamingTheFile()
    {
        using var temp = new TempDirectory();

        var result = await CliRunner.RunAsync("convert", temp.Path, temp.File("out.gguf"));

        CliAssert.Rejected(result, Path.Combine(temp.Path, "config.json"));
    }

    [Fact]
    public async Task AnUnsupportedArchitectureIsAnErrorNamingIt()
    {
        using var temp = new TempDirectory();
        await File.WriteAllTextAsync(temp.File("config.json"), """{"architectures": ["GPT2LMHeadModel"], "hidden_size": 64}""");

        var result = await CliRunner.RunAsync("convert", temp.Path, temp.File("out.gguf"));

        CliAssert.Rejected(result, "GPT2LMHeadModel", "Qwen3ForCausalLM");
    }

    [Theory]
    [InlineData("1,2")]
    [InlineData("a,b,c")]
    [InlineData("16,-1,400")]
    public async Task BudgetsMustBeThreeWholeNumbers(string budgets)
    {
        using var temp = new TempDirectory();

        var result = await CliRunner.RunAsync("convert", temp.Path, temp.File("out.gguf"), "--budgets", budgets);

        CliAssert.Rejected(result, "--budgets", budgets);
    }

    [Fact]
    public async Task AnUnknownTypeIsAnErrorListingTheKnownOnes()
    {
        using var temp = new TempDirectory();

        var result = await CliRunner.RunAsync("convert", temp.Path, temp.File("out.gguf"), "--type", "q9_9");

        CliAssert.Rejected(result, "--type", "q9_9", "q8_0");
    }

    [Fact]
    public async Task BothPathsAreRequired()
    {
        using var temp = new TempDirectory();

        var result = await CliRunner.RunAsync("convert", temp.Path);

        CliAssert.Rejected(result, "Required argument missing");
    }
}

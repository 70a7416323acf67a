namespace Deliberate.Cli.Tests;

/// <summary>The arguments and exit codes of <c>generate</c> (its output format belongs to the generation path).</summary>
public sealed class GenerateCommandTests
{
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
}

using System.Text.Json;

namespace Deliberate.Cli.Tests;

public sealed class SynthCommandTests
{
    [Theory]
    [InlineData("llama", "blk.1.ffn_down.weight", "output.weight")]
    [InlineData("qwen2", "blk.1.attn_v.bias", "output_norm.weight")]
    [InlineData("qwen3", "blk.1.attn_k_norm.weight", "output_norm.weight")]
    public async Task WritesATinyModelThatInspectReadsBack(string arch, string blockTensor, string headTensor)
    {
        using var temp = new TempDirectory();
        var path = temp.File($"{arch}.gguf");

        var written = await CliRunner.RunAsync("synth", "--arch", arch, "--shape", "tiny", "--type", "f16", path);
        var inspected = await CliRunner.RunAsync("inspect", path, "--json");

        CliAssert.Succeeded(written);
        Assert.Contains($"wrote {path}", written.StdOut, StringComparison.Ordinal);
        CliAssert.Succeeded(inspected);
        using var report = JsonDocument.Parse(inspected.StdOut);
        Assert.Equal(arch, report.RootElement.GetProperty("architecture").GetString());
        var tensors = report.RootElement.GetProperty("tensors").EnumerateArray().ToDictionary(t => t.GetProperty("name").GetString()!, t => t.GetProperty("type").GetString());
        Assert.Contains(blockTensor, tensors.Keys);
        Assert.Contains(headTensor, tensors.Keys);
        Assert.Equal("F16", tensors["blk.0.attn_q.weight"]);
    }

    [Fact]
    public async Task AnUnknownTypeIsAnErrorListingTheKnownOnes()
    {
        using var temp = new TempDirectory();

        var result = await CliRunner.RunAsync("synth", "--type", "q9_9", temp.File("x.gguf"));

        CliAssert.Rejected(result, "q9_9", "q4_k_m");
        Assert.False(File.Exists(temp.File("x.gguf")));
    }

    [Theory]
    [InlineData("--arch", "gpt2")]
    [InlineData("--shape", "70b")]
    public async Task AnUnknownArchitectureOrShapeIsAnErrorNamingIt(string option, string value)
    {
        using var temp = new TempDirectory();

        var result = await CliRunner.RunAsync("synth", option, value, temp.File("x.gguf"));

        CliAssert.Rejected(result, value);
    }

    [Fact]
    public async Task AnOutputInAMissingDirectoryIsAnErrorNamingThePath()
    {
        using var temp = new TempDirectory();
        var path = Path.Combine(temp.Path, "no-such-dir", "x.gguf");

        var result = await CliRunner.RunAsync("synth", path);

        CliAssert.Rejected(result, "deliberate synth", path);
    }

    [Fact]
    public async Task AMissingVocabularyFileIsAnErrorNamingIt()
    {
        using var temp = new TempDirectory();

        var result = await CliRunner.RunAsync("synth", "--vocab", temp.File("tokenizer.json"), temp.File("x.gguf"));

        CliAssert.Rejected(result, "--vocab", temp.File("tokenizer.json"));
    }
}

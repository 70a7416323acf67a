using System.Text.Json;

namespace Deliberate.Cli.Tests;

public sealed class QuantizeCommandTests
{
    [Fact]
    public async Task QuantizesASynthModelWithTheMixAndKeepsNormsF32()
    {
        using var temp = new TempDirectory();
        var input = temp.File("tiny-f32.gguf");
        var output = temp.File("tiny-q8_0.gguf");
        CliAssert.Succeeded(await CliRunner.RunAsync("synth", "--type", "f32", input));

        var result = await CliRunner.RunAsync("quantize", input, output, "q8_0");
        var inspected = await CliRunner.RunAsync("inspect", output, "--json");

        CliAssert.Succeeded(result);
        Assert.Contains($"wrote {output}", result.StdOut, StringComparison.Ordinal);
        CliAssert.Succeeded(inspected);
        using var report = JsonDocument.Parse(inspected.StdOut);
        var types = report.RootElement.GetProperty("tensors").EnumerateArray()
            .ToDictionary(t => t.GetProperty("name").GetString()!, t => t.GetProperty("type").GetString());
        Assert.Equal("Q8_0", types["blk.0.ffn_up.weight"]);
        Assert.Equal("F32", types["blk.0.attn_norm.weight"]);
        Assert.True(new FileInfo(output).Length < new FileInfo(input).Length / 2);
    }

    [Fact]
    public async Task AnAlreadyQuantizedInputIsRefusedNamingATensorAndItsType()
    {
        // Copying its Q8_0 tensors into a file labelled Q4_K_M would misstate what the file holds.
        using var temp = new TempDirectory();
        var input = temp.File("tiny-q8_0.gguf");
        CliAssert.Succeeded(await CliRunner.RunAsync("synth", "--type", "q8_0", input));

        var result = await CliRunner.RunAsync("quantize", input, temp.File("out.gguf"), "q4_k_m");

        CliAssert.Rejected(result, input, "already Q8_0");
        Assert.False(File.Exists(temp.File("out.gguf")));
    }

    [Fact]
    public async Task AnUnknownTypeIsAnErrorListingTheKnownOnes()
    {
        using var temp = new TempDirectory();

        var result = await CliRunner.RunAsync("quantize", RepositoryPaths.ShippedNano, temp.File("out.gguf"), "q9_9");

        CliAssert.Rejected(result, "q9_9", "q4_k_m");
        Assert.False(File.Exists(temp.File("out.gguf")));
    }

    [Fact]
    public async Task AMissingInputIsAnErrorNamingIt()
    {
        using var temp = new TempDirectory();

        var result = await CliRunner.RunAsync("quantize", temp.File("absent.gguf"), temp.File("out.gguf"), "q8_0");

        CliAssert.Rejected(result, "deliberate quantize", temp.File("absent.gguf"));
    }

    [Fact]
    public async Task AnInputThatIsNotGgufIsAnErrorNamingIt()
    {
        using var temp = new TempDirectory();
        var notGguf = temp.File("weights.gguf");
        await File.WriteAllBytesAsync(notGguf, new byte[4096]);

        var result = await CliRunner.RunAsync("quantize", notGguf, temp.File("out.gguf"), "q8_0");

        CliAssert.Rejected(result, notGguf, "not a GGUF file");
    }

    [Fact]
    public async Task WritingOverTheInputIsRefused()
    {
        var result = await CliRunner.RunAsync("quantize", RepositoryPaths.ShippedNano, RepositoryPaths.ShippedNano, "q8_0");

        CliAssert.Rejected(result, "different file");
    }

    [Fact]
    public async Task TheTypeArgumentIsRequired()
    {
        using var temp = new TempDirectory();

        var result = await CliRunner.RunAsync("quantize", RepositoryPaths.ShippedNano, temp.File("out.gguf"));

        CliAssert.Rejected(result, "Required argument missing");
    }
}

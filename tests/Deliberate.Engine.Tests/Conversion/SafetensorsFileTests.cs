using System.Text.Json;
using Deliberate.Engine.Conversion;

namespace Deliberate.Engine.Tests.Conversion;

public class SafetensorsFileTests
{
    private static string Fixture(string name) => Path.Combine(AppContext.BaseDirectory, "Fixtures", "conversion", name);

    [Fact]
    public void ReadsTensorsWrittenByPyTorchInEveryDType()
    {
        using var file = SafetensorsFile.Open(Fixture("small.safetensors"));
        var expected = JsonSerializer.Deserialize<Dictionary<string, float[]>>(File.ReadAllText(Fixture("small.safetensors.json")))!;

        Assert.Equal(["a.weight", "b.bias", "c.weight"], file.Tensors.Select(t => t.Name));
        Assert.Equal("pt", file.Metadata["format"]);
        Assert.Equal([3L, 5L], file.Find("a.weight")!.Shape);
        foreach (var (name, values) in expected)
        {
            Assert.Equal(values, file.ReadAsFloat32(file.Find(name)!));
        }
    }

    public static TheoryData<string, string> HostileFiles => new()
    {
        { "short", "shorter than the 8-byte header" },
        { "huge-header", "header length" },
        { "not-json", "not valid JSON" },
        { "bad-dtype", "unsupported dtype" },
        { "out-of-range", "outside" },
        { "wrong-size", "its shape needs" },
        { "overlap", "overlap" },
        { "negative-dim", "invalid dimension" },
    };

    [Theory]
    [MemberData(nameof(HostileFiles))]
    public void RejectsHostileFilesWithATypedError(string kind, string expectedProblem)
    {
        var path = Path.Combine(Path.GetTempPath(), $"deliberate-st-{kind}-{Environment.ProcessId}.safetensors");
        File.WriteAllBytes(path, Hostile(kind));
        try
        {
            var error = Assert.Throws<SafetensorsFormatException>(() => SafetensorsFile.Open(path).Dispose());
            Assert.Contains(expectedProblem, error.Message, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(path);
        }
    }

    private static byte[] Hostile(string kind)
    {
        const string OneTensor = """{"t":{"dtype":"F32","shape":[2],"data_offsets":[0,8]}}""";
        return kind switch
        {
            "short" => [1, 2, 3],
            "huge-header" => [.. BitConverter.GetBytes(long.MaxValue), .. new byte[16]],
            "not-json" => WithHeader("{not json", 8),
            "bad-dtype" => WithHeader(OneTensor.Replace("F32", "I4", StringComparison.Ordinal), 8),
            "out-of-range" => WithHeader(OneTensor, 4),
            "wrong-size" => WithHeader("""{"t":{"dtype":"F32","shape":[3],"data_offsets":[0,8]}}""", 8),
            "overlap" => WithHeader("""{"a":{"dtype":"F32","shape":[2],"data_offsets":[0,8]},"b":{"dtype":"F32","shape":[1],"data_offsets":[4,8]}}""", 8),
            "negative-dim" => WithHeader("""{"t":{"dtype":"F32","shape":[-2],"data_offsets":[0,8]}}""", 8),
            _ => throw new ArgumentOutOfRangeException(nameof(kind)),
        };
    }

    private static byte[] WithHeader(string header, int dataBytes)
    {
        var json = System.Text.Encoding.UTF8.GetBytes(header);
        return [.. BitConverter.GetBytes((long)json.Length), .. json, .. new byte[dataBytes]];
    }
}

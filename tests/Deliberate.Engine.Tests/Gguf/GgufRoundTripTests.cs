using Deliberate.Engine.Gguf;
using Deliberate.Engine.Tensors;

namespace Deliberate.Engine.Tests.Gguf;

public class GgufRoundTripTests
{
    [Theory]
    [InlineData(32)]
    [InlineData(64)]
    public void EveryValueTypeAndTensorSurvivesWriteAndRead(int alignment)
    {
        using var file = GgufFile.Parse(GgufSamples.Build(alignment));
        var m = file.Metadata;

        Assert.Equal(3, file.Version);
        Assert.Equal(alignment, file.Alignment);
        Assert.Equal(0, file.DataOffset % alignment);
        Assert.Equal("sample ✓ ünïcode", m.GetString("general.name"));
        Assert.Equal((byte)200, m["test.u8"].Value);
        Assert.Equal((sbyte)-100, m["test.i8"].Value);
        Assert.Equal((ushort)60000, m["test.u16"].Value);
        Assert.Equal((short)-30000, m["test.i16"].Value);
        Assert.Equal(4_000_000_000u, m.GetUInt32("test.u32"));
        Assert.Equal(-2_000_000_000, m.GetInt32("test.i32"));
        Assert.Equal(1.5f, m.GetFloat32("test.f32"));
        Assert.True(m.GetBool("test.bool"));
        Assert.Equal(ulong.MaxValue, m["test.u64"].Value);
        Assert.Equal(long.MinValue, m["test.i64"].Value);
        Assert.Equal(Math.PI, m["test.f64"].Value);
        Assert.Equal(["a", "b", "Ġthe", "<|im_start|>", "日本"], m.GetStringArray("tokenizer.ggml.tokens"));
        Assert.Equal([0f, -1f, -2f, -3f, -4f], m.GetFloat32Array("tokenizer.ggml.scores"));
        Assert.Equal([1, 1, 1, 3, 1], m.GetInt32Array("tokenizer.ggml.token_type"));
        Assert.Empty(m.GetStringArray("test.empty"));

        Assert.Equal(["f32", "f16", "q8", "q4k"], file.Tensors.Select(t => t.Name));
        var q4k = file.FindTensor("q4k")!;
        Assert.Equal(GgmlType.Q4_K, q4k.Type);
        Assert.Equal(144, q4k.ByteCount);
        Assert.Equal(GgufSamples.Bytes(144, 4), file.GetTensorBytes(q4k).ToArray());
        Assert.Equal(GgufSamples.Bytes(68, 3), file.GetTensorBytes(file.FindTensor("q8")!).ToArray());
        Assert.Equal([4L, 2L], file.FindTensor("f32")!.Dimensions);
        Assert.Equal(2, file.FindTensor("f32")!.RowCount);
    }

    [Fact]
    public void OpenMapsTheFileFromDisk()
    {
        var path = Path.Combine(Path.GetTempPath(), $"deliberate-gguf-{Guid.NewGuid():N}.gguf");
        GgufSamples.Writer().WriteTo(path);
        try
        {
            using var file = GgufFile.Open(path);
            Assert.Equal(path, file.Path);
            Assert.Equal(new FileInfo(path).Length, file.FileLength);
            Assert.Equal(GgufSamples.Bytes(32, 1), file.GetTensorBytes(file.FindTensor("f32")!).ToArray());
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void TypedGettersRejectTheWrongTypeNamingTheKey()
    {
        using var file = GgufFile.Parse(GgufSamples.Build());
        var error = Assert.Throws<GgufFormatException>(() => file.Metadata.GetUInt32("general.name"));
        Assert.Contains("general.name", error.Message, StringComparison.Ordinal);
        Assert.True(error.Offset > 24);
        Assert.Throws<GgufFormatException>(() => file.Metadata.GetUInt32("test.i32"));
        Assert.Throws<GgufFormatException>(() => file.Metadata.GetString("no.such.key"));
        Assert.Null(file.Metadata.TryGetString("no.such.key"));
    }

    [Fact]
    public void WriterRejectsWrongSizedDataAndDuplicates()
    {
        var writer = new GgufWriter();
        Assert.Throws<ArgumentException>(() => writer.AddTensor("t", GgmlType.Q8_0, [64], new byte[10]));
        Assert.Throws<ArgumentException>(() => writer.AddTensor("t", GgmlType.Q8_0, [33], new byte[34]));
        writer.Add("k", 1);
        Assert.Throws<ArgumentException>(() => writer.Add("k", 2));
    }
}

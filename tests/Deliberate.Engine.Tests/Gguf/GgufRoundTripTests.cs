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

    [Fact]
    public void ArraysKeepTheirExactElementTypeOnDisk()
    {
        // The CLR lets int[] pass as uint[] (and sbyte/byte, short/ushort, long/ulong): the writer must still tag
        // each array with its own type, because llama.cpp rejects token_type written as UINT32.
        var writer = new GgufWriter()
            .Add("a.i8", new sbyte[] { -1 })
            .Add("a.u8", new byte[] { 255 })
            .Add("a.i16", new short[] { -1 })
            .Add("a.u16", new ushort[] { 65535 })
            .Add("a.i32", new[] { -1 })
            .Add("a.u32", new[] { 3_000_000_000u })
            .Add("a.i64", new[] { -1L })
            .Add("a.u64", new[] { ulong.MaxValue });
        using var stream = new MemoryStream();
        writer.WriteTo(stream);
        var bytes = stream.ToArray();

        // Raw check of the first record's element type, independent of our reader: 24-byte header, key "a.i8".
        Assert.Equal((uint)GgufValueType.Array, BitConverter.ToUInt32(bytes, 24 + 8 + 4));
        Assert.Equal((uint)GgufValueType.Int8, BitConverter.ToUInt32(bytes, 24 + 8 + 4 + 4));

        using var file = GgufFile.Parse(bytes);
        var m = file.Metadata;
        Assert.Equal(GgufValueType.Int8, m["a.i8"].ElementType);
        Assert.Equal(GgufValueType.UInt8, m["a.u8"].ElementType);
        Assert.Equal(GgufValueType.Int16, m["a.i16"].ElementType);
        Assert.Equal(GgufValueType.UInt16, m["a.u16"].ElementType);
        Assert.Equal(GgufValueType.Int32, m["a.i32"].ElementType);
        Assert.Equal(GgufValueType.UInt32, m["a.u32"].ElementType);
        Assert.Equal(GgufValueType.Int64, m["a.i64"].ElementType);
        Assert.Equal(GgufValueType.UInt64, m["a.u64"].ElementType);
        Assert.Equal([-1], m.GetInt32Array("a.i32"));
        Assert.Equal([-1], m.GetInt32Array("a.i8"));

        // A u32 array is not an int32 array in disguise: 3e9 does not fit, and the typed getter says so.
        var error = Assert.Throws<GgufFormatException>(() => m.GetInt32Array("a.u32"));
        Assert.Contains("a.u32", error.Message, StringComparison.Ordinal);
    }
}

using System.Buffers.Binary;
using System.Text;
using Deliberate.Engine.Gguf;

namespace Deliberate.Engine.Tests.Gguf;

/// <summary>Each validation rule, hit by a hand-built file, with the offset the error must name.</summary>
public class GgufHostileFileTests
{
    private sealed class Bytes
    {
        private readonly List<byte> _bytes = [];

        public int Length => _bytes.Count;

        public Bytes Raw(params byte[] b)
        {
            _bytes.AddRange(b);
            return this;
        }

        public Bytes U32(uint v) => Raw(BitConverter.GetBytes(v));

        public Bytes U64(ulong v) => Raw(BitConverter.GetBytes(v));

        public Bytes Str(string s) => U64((ulong)Encoding.UTF8.GetByteCount(s)).Raw(Encoding.UTF8.GetBytes(s));

        public Bytes Header(ulong tensors, ulong keys) => Raw("GGUF"u8.ToArray()).U32(3).U64(tensors).U64(keys);

        public byte[] ToArray(int padTo = 0) => [.. _bytes, .. new byte[Math.Max(0, padTo - _bytes.Count)]];
    }

    private static GgufFormatException Reject(byte[] bytes) => Assert.Throws<GgufFormatException>(() => GgufFile.Parse(bytes));

    [Fact]
    public void BadMagic() => Assert.Equal(0, Reject(new Bytes().Raw("GGML"u8.ToArray()).U32(3).U64(0).U64(0).ToArray()).Offset);

    [Theory]
    [InlineData(1u)]
    [InlineData(4u)]
    [InlineData(0x03000000u)]
    public void UnsupportedVersion(uint version) =>
        Assert.Equal(4, Reject(new Bytes().Raw("GGUF"u8.ToArray()).U32(version).U64(0).U64(0).ToArray()).Offset);

    [Fact]
    public void CountsThatCannotFitInTheFile()
    {
        Assert.Equal(8, Reject(new Bytes().Raw("GGUF"u8.ToArray()).U32(3).U64(1000).U64(0).ToArray(64)).Offset);
        Assert.Equal(16, Reject(new Bytes().Raw("GGUF"u8.ToArray()).U32(3).U64(0).U64(ulong.MaxValue).ToArray(64)).Offset);
    }

    [Fact]
    public void StringLongerThanTheFile()
    {
        var error = Reject(new Bytes().Header(0, 1).U64(1UL << 40).ToArray(64));
        Assert.Equal(24, error.Offset);
    }

    [Fact]
    public void InvalidUtf8Key() => Assert.Equal(32, Reject(new Bytes().Header(0, 1).U64(2).Raw(0xC3, 0x28).U32(4).U32(1).ToArray()).Offset);

    [Fact]
    public void EmptyKey() => Assert.Equal(24, Reject(new Bytes().Header(0, 1).U64(0).U32(4).U32(1).ToArray()).Offset);

    [Fact]
    public void DuplicateKey()
    {
        var bytes = new Bytes().Header(0, 2).Str("a").U32(4).U32(1).Str("a").U32(4).U32(2).ToArray();
        var error = Reject(bytes);
        Assert.Contains("duplicate key 'a'", error.Message, StringComparison.Ordinal);
        Assert.Equal(24 + 9 + 8, error.Offset);
    }

    [Theory]
    [InlineData(13u)]
    [InlineData(0xFFFFFFFFu)]
    public void UnknownValueType(uint type) => Assert.Equal(33, Reject(new Bytes().Header(0, 1).Str("k").U32(type).U32(0).ToArray(64)).Offset);

    [Fact]
    public void ArrayOfArrays() => Assert.Equal(37, Reject(new Bytes().Header(0, 1).Str("k").U32(9).U32(9).U64(1).ToArray(64)).Offset);

    [Fact]
    public void ArrayCountBeyondTheFile()
    {
        var error = Reject(new Bytes().Header(0, 1).Str("k").U32(9).U32(4).U64(1UL << 29).ToArray(64));
        Assert.Equal(41, error.Offset);
        Assert.Contains("cannot fit", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void TooManyMetadataStrings()
    {
        // Enough bytes for 2^22 + 1 empty strings (8 bytes each), so only the string budget can stop it.
        const ulong count = (1UL << 22) + 1;
        var bytes = new Bytes().Header(0, 1).Str("k").U32(9).U32(8).U64(count).ToArray(64 + (int)(8 * count));
        var error = Reject(bytes);
        Assert.Equal(41, error.Offset);
        Assert.Contains("strings", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void WrongTypeNamesTheKeyAndItsRecord()
    {
        using var file = GgufFile.Parse(new Bytes().Header(0, 2).Str("a").U32(4).U32(1).Str("arch.block_count").U32(8).Str("28").ToArray());
        var error = Assert.Throws<GgufFormatException>(() => file.Metadata.GetUInt32("arch.block_count"));
        Assert.Equal(24 + 9 + 8, error.Offset);
        Assert.Contains("'arch.block_count'", error.Message, StringComparison.Ordinal);
        Assert.Throws<GgufFormatException>(() => file.Metadata.TryGetUInt64("arch.block_count"));
        Assert.Equal(1UL, file.Metadata.TryGetUInt64("a"));
        Assert.Null(file.Metadata.TryGetUInt64("missing"));
    }

    [Fact]
    public void AlignmentMustBeAPowerOfTwoUInt32()
    {
        Assert.Contains("uint32", Reject(new Bytes().Header(0, 1).Str("general.alignment").U32(5).U32(32).ToArray()).Message, StringComparison.Ordinal);
        Assert.Contains("power of two", Reject(new Bytes().Header(0, 1).Str("general.alignment").U32(4).U32(48).ToArray()).Message, StringComparison.Ordinal);
        Assert.Contains("power of two", Reject(new Bytes().Header(0, 1).Str("general.alignment").U32(4).U32(0).ToArray()).Message, StringComparison.Ordinal);
    }

    private static Bytes Tensor(Bytes b, string name, uint rank, ulong[] dims, uint type, ulong offset)
    {
        b.Str(name).U32(rank);
        foreach (var d in dims)
        {
            b.U64(d);
        }

        return b.U32(type).U64(offset);
    }

    [Theory]
    [InlineData("rank", 5u, new ulong[] { 1, 1, 1, 1, 1 }, 0u, 0ul, "dimensions")]
    [InlineData("zero-dim", 1u, new ulong[] { 0 }, 0u, 0ul, "out of range")]
    [InlineData("huge-dims", 2u, new ulong[] { 1UL << 40, 1UL << 40 }, 0u, 0ul, "out of range")]
    [InlineData("removed-type", 1u, new ulong[] { 32 }, 4u, 0ul, "unsupported type 4")]
    [InlineData("unknown-type", 1u, new ulong[] { 32 }, 99u, 0ul, "unsupported type 99")]
    [InlineData("runtime-only-type", 1u, new ulong[] { 256 }, 15u, 0ul, "unsupported type 15")]
    [InlineData("partial-block", 1u, new ulong[] { 33 }, 8u, 0ul, "block size")]
    [InlineData("misaligned", 1u, new ulong[] { 4 }, 0u, 4ul, "alignment")]
    [InlineData("outside", 1u, new ulong[] { 1024 }, 0u, 0ul, "not within the file")]
    public void BadTensorInfo(string name, uint rank, ulong[] dims, uint type, ulong offset, string problem)
    {
        var bytes = Tensor(new Bytes().Header(1, 0), name, rank, dims, type, offset).ToArray(256);
        var error = Reject(bytes);
        Assert.Contains(problem, error.Message, StringComparison.Ordinal);
        Assert.InRange(error.Offset, 24, 24 + 8 + name.Length + 4 + (8 * dims.Length) + 12);
    }

    [Fact]
    public void TensorNameTooLongOrDuplicated()
    {
        Assert.Contains("limit 63", Reject(Tensor(new Bytes().Header(1, 0), new string('x', 64), 1, [4], 0, 0).ToArray(256)).Message, StringComparison.Ordinal);
        var b = new Bytes().Header(2, 0);
        Tensor(b, "t", 1, [4], 0, 0);
        Tensor(b, "t", 1, [4], 0, 32);
        Assert.Contains("duplicate tensor name", Reject(b.ToArray(512)).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void OverlappingTensors()
    {
        var b = new Bytes().Header(2, 0);
        Tensor(b, "a", 1, [16], 0, 0);
        Tensor(b, "b", 1, [16], 0, 32);
        Assert.Contains("overlaps", Reject(b.ToArray(512)).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void TruncatedAnywhereIsATypedError()
    {
        var valid = GgufSamples.Build();
        using var whole = GgufFile.Parse(valid);
        var lastByte = whole.DataOffset + whole.Tensors.Max(t => t.Offset + t.ByteCount);
        for (var length = 0; length < lastByte; length += 7)
        {
            Assert.Throws<GgufFormatException>(() => GgufFile.Parse(valid[..length]));
        }
    }

    [Fact]
    public void ReadsVersion2()
    {
        var bytes = GgufSamples.Build();
        BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(4), 2);
        using var file = GgufFile.Parse(bytes);
        Assert.Equal(2, file.Version);
    }
}

using Deliberate.Engine.Models;
using Deliberate.Engine.Tensors;
using Deliberate.Engine.Tensors.Blocks;

namespace Deliberate.Engine.Tests.Models;

public sealed class KvCacheTests
{
    private static readonly ModelConfig Config = TinyConfig();

    [Fact]
    public void HalfCacheStoresRoundedRowsInHalfTheMemory()
    {
        var f32 = new KvCache(Config, 8, GgmlType.F32);
        var f16 = new KvCache(Config, 8, GgmlType.F16);
        Assert.Equal(f32.Bytes, 2 * f16.Bytes);
        var key = Enumerable.Range(0, Config.KvWidth).Select(i => i * 0.37f - 3.1f).ToArray();
        var value = Enumerable.Range(0, Config.ValueWidth).Select(i => 1000f / (i + 1)).ToArray();
        f32.Store(1, 5, key, value);
        f16.Store(1, 5, key, value);
        Assert.Equal(key, f32.ReadKey(1, 5));
        Assert.Equal(value, f32.ReadValue(1, 5));
        Assert.Equal(key.Select(k => Fp16.ToSingle(Fp16.FromSingle(k))), f16.ReadKey(1, 5));
        Assert.Equal(value.Select(v => Fp16.ToSingle(Fp16.FromSingle(v))), f16.ReadValue(1, 5));
        Assert.All(f16.ReadKey(0, 5), k => Assert.Equal(0f, k));
    }

    [Fact]
    public void BFloat16CacheStoresRoundedRowsInHalfTheMemory()
    {
        var f32 = new KvCache(Config, 8, GgmlType.F32);
        var bf16 = new KvCache(Config, 8, GgmlType.BF16);
        Assert.Equal(f32.Bytes, 2 * bf16.Bytes);
        var key = Enumerable.Range(0, Config.KvWidth).Select(i => i * 0.37f - 3.1f).ToArray();
        var value = Enumerable.Range(0, Config.ValueWidth).Select(i => 1000f / (i + 1)).ToArray();
        bf16.Store(1, 3, key, value);
        Assert.Equal(key.Select(k => Fp16.BFloat16ToSingle(Fp16.SingleToBFloat16(k))), bf16.ReadKey(1, 3));
        Assert.Equal(value.Select(v => Fp16.BFloat16ToSingle(Fp16.SingleToBFloat16(v))), bf16.ReadValue(1, 3));
        Assert.NotEqual(key, bf16.ReadKey(1, 3)); // really rounded to 8 mantissa bits
    }

    [Fact]
    public void BadTypesPositionsAndCopiesAreRejected()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new KvCache(Config, 8, GgmlType.Q8_0));
        var cache = new KvCache(Config, 4, GgmlType.F16);
        var key = new float[Config.KvWidth];
        var value = new float[Config.ValueWidth];
        Assert.Throws<ArgumentOutOfRangeException>(() => cache.Store(0, 4, key, value));
        Assert.Throws<ArgumentException>(() => cache.Store(0, 0, key.AsSpan(1), value));
        Assert.Throws<ArgumentException>(() => cache.CopyPrefixFrom(new KvCache(Config, 4, GgmlType.F32), 2));
        Assert.Throws<ContextLengthExceededException>(() => cache.CopyPrefixFrom(new KvCache(Config, 8, GgmlType.F16), 6));
    }

    [Fact]
    public void ForkedSequencesKeepTheirCacheType()
    {
        var parent = new SequenceState(Config, 8, GgmlType.F16);
        parent.Cache.Store(0, 0, Enumerable.Repeat(1.5f, Config.KvWidth).ToArray(), Enumerable.Repeat(-2f, Config.ValueWidth).ToArray());
        var child = parent.Fork(Config);
        Assert.Equal(GgmlType.F16, child.Cache.Type);
    }

    private static ModelConfig TinyConfig()
    {
        using var source = new FixtureModelSource("qwen3", GgmlType.F32);
        return ModelConfig.FromSource(source);
    }
}

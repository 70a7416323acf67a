using System.Runtime.CompilerServices;
using Deliberate.Engine.Tensors;
using Deliberate.Engine.Tensors.Blocks;

namespace Deliberate.Engine.Tests.Tensors;

[Trait("Category", "Kernels")]
public class BlockLayoutTests
{
    [Fact]
    public void BlockSizesArePinnedToGgml()
    {
        Assert.Equal(18, Unsafe.SizeOf<BlockQ4_0>());
        Assert.Equal(20, Unsafe.SizeOf<BlockQ4_1>());
        Assert.Equal(22, Unsafe.SizeOf<BlockQ5_0>());
        Assert.Equal(24, Unsafe.SizeOf<BlockQ5_1>());
        Assert.Equal(34, Unsafe.SizeOf<BlockQ8_0>());
        Assert.Equal(36, Unsafe.SizeOf<BlockQ8_1>());
        Assert.Equal(84, Unsafe.SizeOf<BlockQ2_K>());
        Assert.Equal(110, Unsafe.SizeOf<BlockQ3_K>());
        Assert.Equal(144, Unsafe.SizeOf<BlockQ4_K>());
        Assert.Equal(176, Unsafe.SizeOf<BlockQ5_K>());
        Assert.Equal(210, Unsafe.SizeOf<BlockQ6_K>());
        Assert.Equal(292, Unsafe.SizeOf<BlockQ8_K>());
    }

    [Fact]
    public void BlockSizesAgreeWithTypeInfo()
    {
        Assert.Equal(BlockQ4_0.Size, GgmlTypeInfo.Get(GgmlType.Q4_0).TypeSize);
        Assert.Equal(BlockQ4_1.Size, GgmlTypeInfo.Get(GgmlType.Q4_1).TypeSize);
        Assert.Equal(BlockQ5_0.Size, GgmlTypeInfo.Get(GgmlType.Q5_0).TypeSize);
        Assert.Equal(BlockQ5_1.Size, GgmlTypeInfo.Get(GgmlType.Q5_1).TypeSize);
        Assert.Equal(BlockQ8_0.Size, GgmlTypeInfo.Get(GgmlType.Q8_0).TypeSize);
        Assert.Equal(BlockQ8_1.Size, GgmlTypeInfo.Get(GgmlType.Q8_1).TypeSize);
        Assert.Equal(BlockQ2_K.Size, GgmlTypeInfo.Get(GgmlType.Q2_K).TypeSize);
        Assert.Equal(BlockQ3_K.Size, GgmlTypeInfo.Get(GgmlType.Q3_K).TypeSize);
        Assert.Equal(BlockQ4_K.Size, GgmlTypeInfo.Get(GgmlType.Q4_K).TypeSize);
        Assert.Equal(BlockQ5_K.Size, GgmlTypeInfo.Get(GgmlType.Q5_K).TypeSize);
        Assert.Equal(BlockQ6_K.Size, GgmlTypeInfo.Get(GgmlType.Q6_K).TypeSize);
        Assert.Equal(BlockQ8_K.Size, GgmlTypeInfo.Get(GgmlType.Q8_K).TypeSize);
    }

    [Fact]
    public unsafe void FieldOffsetsMatchTheGgufLayout()
    {
        BlockQ4_K q4k = default;
        Assert.Equal(4, (int)((byte*)q4k.Scales - (byte*)&q4k));
        Assert.Equal(16, (int)((byte*)q4k.Qs - (byte*)&q4k));
        BlockQ6_K q6k = default;
        Assert.Equal(128, (int)((byte*)q6k.Qh - (byte*)&q6k));
        Assert.Equal(192, (int)((byte*)q6k.Scales - (byte*)&q6k));
        Assert.Equal(208, (int)((byte*)&q6k.D - (byte*)&q6k));
        BlockQ3_K q3k = default;
        Assert.Equal(96, (int)((byte*)q3k.Scales - (byte*)&q3k));
        BlockQ2_K q2k = default;
        Assert.Equal(80, (int)((byte*)&q2k.D - (byte*)&q2k));
        BlockQ8_K q8k = default;
        Assert.Equal(260, (int)((byte*)q8k.BSums - (byte*)&q8k));
    }
}

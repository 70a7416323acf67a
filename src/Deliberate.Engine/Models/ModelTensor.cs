using Deliberate.Engine.Tensors;

namespace Deliberate.Engine.Models;

/// <summary>A tensor inside a mapped model file: shape with ne0 first, ggml type, and the address of its data.</summary>
public sealed unsafe class ModelTensor(string name, long[] dimensions, GgmlType type, byte* data)
{
    public string Name { get; } = name;

    public long[] Dimensions { get; } = dimensions;

    public GgmlType Type { get; } = type;

    public byte* Data { get; } = data;

    public long Dim(int i) => i < Dimensions.Length ? Dimensions[i] : 1;
}

namespace Deliberate.Engine.Tensors;

/// <summary>Block geometry of a <see cref="GgmlType"/>: elements per block and bytes per block.</summary>
/// <param name="Type">The type described.</param>
/// <param name="BlockSize">Elements per block (1 for plain floats, 32 or 256 for quantized types).</param>
/// <param name="TypeSize">Bytes per block.</param>
public readonly record struct GgmlTypeInfo(GgmlType Type, int BlockSize, int TypeSize)
{
    /// <summary>
    /// Geometry for every type the engine can store or read. Types without an entry are rejected by the
    /// GGUF reader (they are valid ggml ids that this engine does not implement).
    /// </summary>
    public static bool TryGet(GgmlType type, out GgmlTypeInfo info)
    {
        info = type switch
        {
            GgmlType.F32 => new(type, 1, 4),
            GgmlType.F16 => new(type, 1, 2),
            GgmlType.BF16 => new(type, 1, 2),
            GgmlType.Q4_0 => new(type, 32, 18),
            GgmlType.Q4_1 => new(type, 32, 20),
            GgmlType.Q5_0 => new(type, 32, 22),
            GgmlType.Q5_1 => new(type, 32, 24),
            GgmlType.Q8_0 => new(type, 32, 34),
            GgmlType.Q8_1 => new(type, 32, 36),
            GgmlType.Q2_K => new(type, 256, 84),
            GgmlType.Q3_K => new(type, 256, 110),
            GgmlType.Q4_K => new(type, 256, 144),
            GgmlType.Q5_K => new(type, 256, 176),
            GgmlType.Q6_K => new(type, 256, 210),
            GgmlType.Q8_K => new(type, 256, 292),
            GgmlType.I8 => new(type, 1, 1),
            GgmlType.I16 => new(type, 1, 2),
            GgmlType.I32 => new(type, 1, 4),
            GgmlType.I64 => new(type, 1, 8),
            GgmlType.F64 => new(type, 1, 8),
            _ => default,
        };
        return info.BlockSize != 0;
    }

    /// <summary>Geometry of <paramref name="type"/>; throws for a type the engine does not implement.</summary>
    public static GgmlTypeInfo Get(GgmlType type) =>
        TryGet(type, out var info) ? info : throw new NotSupportedException($"tensor type {type} ({(uint)type}) is not supported");

    /// <summary>Bytes of one row of <paramref name="elements"/> elements; the count must be a whole number of blocks.</summary>
    public long RowBytes(long elements) =>
        elements % BlockSize == 0
            ? elements / BlockSize * TypeSize
            : throw new ArgumentException($"{elements} elements is not a multiple of {Type}'s block size {BlockSize}", nameof(elements));
}

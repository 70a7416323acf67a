namespace Deliberate.Engine.Gguf;

/// <summary>
/// Caps on what a GGUF header may ask for. Every count is also checked against the bytes that remain in the file
/// before anything is allocated, so these caps only bound what a file that large could claim.
/// </summary>
internal static class GgufLimits
{
    /// <summary>Keys are short dotted identifiers; the spec allows up to 65535 bytes.</summary>
    public const int MaxKeyBytes = 65535;

    /// <summary>Chat templates run to tens of KB; nothing legitimate needs a 64 MiB string.</summary>
    public const long MaxStringBytes = 64L << 20;

    /// <summary>ggml's own cap on array elements.</summary>
    public const long MaxArrayElements = 1L << 30;

    /// <summary>
    /// Strings across all metadata values (scalars and array elements). A string costs 8 bytes in the file but about
    /// 30 bytes once decoded, so this — not the file size — bounds the heap a hostile header can claim
    /// (about 120 MB). Real files: 151,643 tokens + 151,387 merges for Qwen3, 262,144 tokens for Gemma 3.
    /// </summary>
    public const long MaxMetadataStrings = 1L << 22;

    /// <summary>
    /// Bytes from the start of the file to the end of the tensor directory. Real headers are a few MB (a
    /// 150k-token vocabulary is about 7 MB); the published heap-spray exploit used ~4 GB of keys.
    /// </summary>
    public const long MaxHeaderBytes = 256L << 20;

    /// <summary>Real models have at most a few thousand tensors.</summary>
    public const long MaxTensors = 1 << 20;

    /// <summary>Real files have a few hundred keys.</summary>
    public const long MaxKeys = 1 << 20;

    /// <summary>ggml's GGML_MAX_NAME is 64 including the terminating NUL.</summary>
    public const int MaxTensorNameBytes = 63;

    /// <summary>GGML_MAX_DIMS.</summary>
    public const int MaxDimensions = 4;

    /// <summary>Larger alignments are legal powers of two but no writer uses them.</summary>
    public const uint MaxAlignment = 1 << 20;

    /// <summary>Element counts must stay far from long overflow once multiplied by bytes per element.</summary>
    public const long MaxElements = 1L << 50;
}

namespace Deliberate.Engine.Conversion;

/// <summary>
/// Hugging Face stores llama's Q and K projections with rotary pairs split into two halves per head
/// (rotate-half); llama.cpp's llama architecture rotates adjacent pairs. Its converter therefore permutes the
/// rows of <c>q_proj</c> and <c>k_proj</c>: within each head, row <c>half * (d/2) + i</c> moves to <c>2 * i + half</c>.
/// Qwen2 and Qwen3 use the rotate-half (NEOX) order in llama.cpp too, so they are not permuted.
/// </summary>
public static class LlamaQkPermutation
{
    /// <summary>Permutes the rows of a row-major <c>[heads * headDim, cols]</c> matrix in place.</summary>
    public static void Apply(Span<float> weights, int heads, int cols)
    {
        if (heads <= 0 || cols <= 0 || weights.Length % (heads * cols) != 0)
        {
            throw new ArgumentException($"a {weights.Length}-element matrix cannot be split into {heads} heads of rows with {cols} columns");
        }

        var headDim = weights.Length / cols / heads;
        if (headDim % 2 != 0)
        {
            throw new ArgumentException($"head dimension {headDim} must be even");
        }

        var original = weights.ToArray();
        var half = headDim / 2;
        for (var h = 0; h < heads; h++)
        {
            for (var part = 0; part < 2; part++)
            {
                for (var i = 0; i < half; i++)
                {
                    var from = (h * headDim) + (part * half) + i;
                    var to = (h * headDim) + (2 * i) + part;
                    original.AsSpan(from * cols, cols).CopyTo(weights.Slice(to * cols, cols));
                }
            }
        }
    }
}

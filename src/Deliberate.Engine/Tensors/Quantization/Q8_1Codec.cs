using Deliberate.Engine.Tensors.Blocks;

namespace Deliberate.Engine.Tensors.Quantization;

/// <summary>Q8_1 activation quantizer (Q8_0 plus <c>s = d·Σq</c>), rounding as <see cref="Q8_0Codec"/>.</summary>
internal static unsafe class Q8_1Codec
{
    public static void Quantize(float* x, byte* dst, int n)
    {
        var y = (BlockQ8_1*)dst;
        for (var i = 0; i < n / 32; i++, x += 32)
        {
            float amax = 0;
            for (var j = 0; j < 32; j++) amax = MathF.Max(amax, MathF.Abs(x[j]));
            var d = amax / 127;
            var id = d != 0 ? 1f / d : 0f;
            var sum = 0;
            for (var j = 0; j < 32; j++)
            {
                var q = (sbyte)MathF.Round(x[j] * id);
                y[i].Qs[j] = q;
                sum += q;
            }
            y[i].D = Fp16.FromSingle(d);
            y[i].S = Fp16.FromSingle(sum * d);
        }
    }

    public static void Dequantize(byte* src, float* y, int n)
    {
        var x = (BlockQ8_1*)src;
        for (var i = 0; i < n / 32; i++, y += 32)
        {
            var d = Fp16.ToSingle(x[i].D);
            for (var j = 0; j < 32; j++) y[j] = x[i].Qs[j] * d;
        }
    }
}

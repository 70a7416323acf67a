using System.Runtime.InteropServices;
using System.Runtime.Intrinsics.X86;
using Deliberate.Engine.Tensors;

namespace Deliberate.Engine.Tests.Tensors;

/// <summary>
/// llama.cpp's own ggml quantizers, dequantizers and CPU dot kernels, called in-process from the native
/// libraries that LLamaSharp.Backend.Cpu ships (the independent reference for our kernels). The struct
/// layouts are ggml's <c>ggml_type_traits</c> / <c>ggml_type_traits_cpu</c>; <see cref="Load"/> checks
/// them against known block geometry so a layout change fails loudly instead of reading garbage.
/// </summary>
internal static unsafe class GgmlReference
{
    private static readonly Lazy<bool> Loaded = new(Load);

    private static delegate* unmanaged<int, float*, void*, long, long, long, float*, nuint> _quantizeChunk;
    private static delegate* unmanaged<int, TypeTraits*> _typeTraits;
    private static delegate* unmanaged<int, CpuTypeTraits*> _cpuTypeTraits;

    [StructLayout(LayoutKind.Sequential)]
    private struct TypeTraits
    {
        public byte* TypeName;
        public long BlockSize;
        public long BlockSizeInterleave;
        public nuint TypeSize;
        public byte IsQuantized;
        public delegate* unmanaged<void*, float*, long, void> ToFloat;
        public delegate* unmanaged<float*, void*, long, void> FromFloatRef;
    }

    [StructLayout(LayoutKind.Sequential)]
    private struct CpuTypeTraits
    {
        public delegate* unmanaged<float*, void*, long, void> FromFloat;
        public delegate* unmanaged<int, float*, nuint, void*, nuint, void*, nuint, int, void> VecDot;
        public int VecDotType;
        public long Rows;
    }

    public static void EnsureLoaded() => Assert.True(Loaded.Value);

    private static bool Load()
    {
        var variant = Avx2.IsSupported ? "avx2" : "noavx";
        var dir = Path.Combine(AppContext.BaseDirectory, "runtimes", "linux-x64", "native", variant);
        var baseLib = NativeLibrary.Load(Path.Combine(dir, "libggml-base.so"));
        var cpuLib = NativeLibrary.Load(Path.Combine(dir, "libggml-cpu.so"));
        _quantizeChunk = (delegate* unmanaged<int, float*, void*, long, long, long, float*, nuint>)NativeLibrary.GetExport(baseLib, "ggml_quantize_chunk");
        _typeTraits = (delegate* unmanaged<int, TypeTraits*>)NativeLibrary.GetExport(baseLib, "ggml_get_type_traits");
        _cpuTypeTraits = (delegate* unmanaged<int, CpuTypeTraits*>)NativeLibrary.GetExport(cpuLib, "ggml_get_type_traits_cpu");
        ((delegate* unmanaged<void>)NativeLibrary.GetExport(cpuLib, "ggml_cpu_init"))();
        foreach (var type in new[] { GgmlType.Q4_0, GgmlType.Q8_0, GgmlType.Q4_K, GgmlType.Q6_K, GgmlType.Q8_K })
        {
            var traits = _typeTraits((int)type);
            var info = GgmlTypeInfo.Get(type);
            if (traits->BlockSize != info.BlockSize || (int)traits->TypeSize != info.TypeSize)
                throw new InvalidOperationException($"ggml_type_traits layout mismatch for {type}: {traits->BlockSize}/{traits->TypeSize}");
        }
        return true;
    }

    /// <summary>ggml_quantize_chunk without an importance matrix: the reference quantizers llama-quantize uses.</summary>
    public static byte[] Quantize(GgmlType type, float[] x)
    {
        EnsureLoaded();
        var dst = new byte[GgmlTypeInfo.Get(type).RowBytes(x.Length)];
        fixed (float* src = x)
        fixed (byte* d = dst)
            _quantizeChunk((int)type, src, d, 0, 1, x.Length, null);
        return dst;
    }

    /// <summary>The CPU backend's activation quantizer (from_float of the vec_dot type, SIMD where built).</summary>
    public static byte[] QuantizeActivations(GgmlType type, float[] x)
    {
        EnsureLoaded();
        var dst = new byte[GgmlTypeInfo.Get(type).RowBytes(x.Length)];
        fixed (float* src = x)
        fixed (byte* d = dst)
            _cpuTypeTraits((int)type)->FromFloat(src, d, x.Length);
        return dst;
    }

    public static float[] Dequantize(GgmlType type, byte[] data, int n)
    {
        EnsureLoaded();
        var y = new float[n];
        if (type == GgmlType.F32)
        {
            Buffer.BlockCopy(data, 0, y, 0, n * 4); // ggml has no to_float for f32
            return y;
        }
        fixed (byte* src = data)
        fixed (float* d = y)
            _typeTraits((int)type)->ToFloat(src, d, n);
        return y;
    }

    /// <summary>ggml's vec_dot for <paramref name="weightType"/> on a weight row and an activation row in its vec_dot type.</summary>
    public static float VecDot(GgmlType weightType, byte[] weights, byte[] activations, int n)
    {
        EnsureLoaded();
        float result;
        fixed (byte* w = weights)
        fixed (byte* a = activations)
            _cpuTypeTraits((int)weightType)->VecDot(n, &result, 0, w, 0, a, 0, 1);
        return result;
    }

    public static GgmlType VecDotType(GgmlType weightType)
    {
        EnsureLoaded();
        return (GgmlType)_cpuTypeTraits((int)weightType)->VecDotType;
    }
}

using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Deliberate.Engine.Tensors.Kernels;

/// <summary>The instruction-set level the dot-product kernels run at; chosen once per process.</summary>
public enum KernelIsa
{
    /// <summary>Plain C#: the reference every SIMD path is tested against.</summary>
    Scalar,

    /// <summary>AVX2 + FMA with vpmaddubsw/vpmaddwd integer dots (the floor for the fast paths).</summary>
    Avx2,

    /// <summary>AVX2 widths with AVX-VNNI vpdpbusd for the int8 dots.</summary>
    Avx2Vnni,

    /// <summary>AVX-512 BW: 512-bit integer dots where a kernel has one, AVX2 elsewhere.</summary>
    Avx512,
}

/// <summary>Which <see cref="KernelIsa"/> this process uses, from the hardware and DOTNET_Enable* switches.</summary>
public static class KernelDispatch
{
    /// <summary>The level selected at start-up (tests in child processes assert it under DOTNET_Enable*=0).</summary>
    public static KernelIsa Selected { get; } = Detect();

    private static KernelIsa Detect()
    {
        if (Avx512BW.IsSupported && Vector512.IsHardwareAccelerated)
            return KernelIsa.Avx512;
        if (Avx2.IsSupported && Fma.IsSupported)
            return AvxVnni.IsSupported ? KernelIsa.Avx2Vnni : KernelIsa.Avx2;
        return KernelIsa.Scalar;
    }
}

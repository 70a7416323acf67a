using System.Runtime.InteropServices;

namespace Deliberate.Engine.Tensors.Compute;

/// <summary>
/// Reusable, 64-byte-aligned native scratch for activations converted to a weight type's dot format. It only
/// grows (to the largest product seen), so steady-state decode allocates nothing.
/// </summary>
public sealed unsafe class MatMulWorkspace : IDisposable
{
    private byte* _buffer;
    private nuint _capacity;

    /// <summary>A buffer of at least <paramref name="bytes"/> bytes, valid until the next call.</summary>
    public byte* Rent(nuint bytes)
    {
        if (bytes > _capacity)
        {
            NativeMemory.AlignedFree(_buffer);
            _capacity = Math.Max(bytes, _capacity * 2);
            _buffer = (byte*)NativeMemory.AlignedAlloc(_capacity, 64);
        }
        return _buffer;
    }

    public void Dispose()
    {
        NativeMemory.AlignedFree(_buffer);
        _buffer = null;
        _capacity = 0;
    }
}

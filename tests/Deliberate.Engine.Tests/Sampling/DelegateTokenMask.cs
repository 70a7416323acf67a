using Deliberate.Engine.Sampling;

namespace Deliberate.Engine.Tests.Sampling;

/// <summary>An <see cref="ITokenMask"/> over a per-token predicate, so sampler tests can state a mask in one line.</summary>
internal sealed class DelegateTokenMask(Func<int, bool> isAllowed) : ITokenMask
{
    public void FillMask(Span<ulong> allowedBits)
    {
        var tokens = allowedBits.Length * 64;
        for (var id = 0; id < tokens; id++)
        {
            if (isAllowed(id))
            {
                allowedBits[id >> 6] |= 1UL << (id & 63);
            }
        }
    }
}

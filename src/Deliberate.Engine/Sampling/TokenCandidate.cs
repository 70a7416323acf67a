using System.Runtime.InteropServices;

namespace Deliberate.Engine.Sampling;

/// <summary>One entry of the candidate buffer: a token id, its (adjusted) logit, and its probability once normalised.</summary>
[StructLayout(LayoutKind.Sequential)]
public struct TokenCandidate
{
    public int Id;
    public float Logit;
    public float Probability;
}

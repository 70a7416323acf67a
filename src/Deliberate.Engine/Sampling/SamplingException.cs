namespace Deliberate.Engine.Sampling;

/// <summary>Sampling could not choose a token (every token masked out, or logits that are all NaN or -infinity).</summary>
public sealed class SamplingException : Exception
{
    public SamplingException()
    {
    }

    public SamplingException(string message)
        : base(message)
    {
    }

    public SamplingException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}

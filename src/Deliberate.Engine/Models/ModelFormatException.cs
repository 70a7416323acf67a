namespace Deliberate.Engine.Models;

/// <summary>A model file whose hyperparameters or tensors do not describe a model we can run. Names the key or tensor.</summary>
public sealed class ModelFormatException(string subject, string reason)
    : Exception($"{subject}: {reason}")
{
    /// <summary>The metadata key or tensor name at fault.</summary>
    public string Subject { get; } = subject;

    public string Reason { get; } = reason;
}

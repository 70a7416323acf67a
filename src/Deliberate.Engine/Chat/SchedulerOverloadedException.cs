namespace Deliberate.Engine.Chat;

/// <summary>
/// A request arrived while as many requests as the scheduler queues were already waiting for a slot. It was not
/// queued; the server answers 503 with <c>retry-after</c>.
/// </summary>
public sealed class SchedulerOverloadedException(string modelId, int waiting)
    : Exception($"model {modelId}: {waiting} requests are already waiting for a free sequence (the most it queues); retry shortly")
{
    public string ModelId { get; } = modelId;

    /// <summary>Requests waiting when this one was refused.</summary>
    public int Waiting { get; } = waiting;
}

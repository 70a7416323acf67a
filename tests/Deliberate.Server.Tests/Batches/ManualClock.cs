namespace Deliberate.Server.Tests.Batches;

/// <summary>The system's time plus an offset a test moves forward, so a batch's 24-hour window can close without waiting.</summary>
public sealed class ManualClock : TimeProvider
{
    private long _offsetTicks;

    public override DateTimeOffset GetUtcNow() => base.GetUtcNow().AddTicks(Interlocked.Read(ref _offsetTicks));

    public void Advance(TimeSpan by) => Interlocked.Add(ref _offsetTicks, by.Ticks);
}

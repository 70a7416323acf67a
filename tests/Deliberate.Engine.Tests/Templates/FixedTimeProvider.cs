namespace Deliberate.Engine.Tests.Templates;

/// <summary>A clock stopped at one instant in UTC, so <c>strftime_now</c> renders reproducibly.</summary>
internal sealed class FixedTimeProvider(DateTimeOffset now) : TimeProvider
{
    public override DateTimeOffset GetUtcNow() => now;

    public override TimeZoneInfo LocalTimeZone => TimeZoneInfo.Utc;
}

namespace Deliberate.Engine.Chat;

/// <summary>
/// When a request passed each stage of the scheduler, as <see cref="System.Diagnostics.Stopwatch.GetTimestamp"/>
/// values: <see cref="Submitted"/>; <see cref="Admitted"/> (sequences were free; the time before is queueing);
/// <see cref="FirstToken"/> (its prompt processed and the first choice's first token sampled; from admission,
/// prefill); <see cref="Finished"/> (every choice ended; from the first token, decoding). For the server's traces and
/// metrics: the engine itself records none. A stage the request never reached (cancelled while waiting) is 0.
/// </summary>
public readonly record struct GenerationTimings(long Submitted, long Admitted, long FirstToken, long Finished);

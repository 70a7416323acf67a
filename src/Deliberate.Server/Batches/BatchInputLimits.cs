namespace Deliberate.Server.Batches;

/// <summary>
/// What a batch's input file may hold: at most <paramref name="MaxRequests"/> requests, each line at most
/// <paramref name="MaxLineBytes"/> bytes (the server's request body limit: a line is one request), a <c>custom_id</c>
/// at most <see cref="MaxCustomIdLength"/> characters.
/// </summary>
public sealed record BatchInputLimits(int MaxRequests, int MaxLineBytes)
{
    public const int MaxCustomIdLength = 512;

    /// <summary>Reading stops at this many errors (the batch has failed; a list of thousands helps no one).</summary>
    public const int MaxErrors = 100;
}

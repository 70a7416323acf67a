using Deliberate.Server.Batches;
using Deliberate.Server.Configuration;

namespace Deliberate.Cli.Commands.Batch;

/// <summary>
/// Checks an input file before it is uploaded, with the server's own line checks (<see cref="BatchInputReader"/>) and
/// its default limits, so a bad file is reported at once, naming each bad line as <c>FILE:LINE</c>, instead of as a
/// failed batch after the upload.
/// </summary>
internal static class BatchInputCheck
{
    /// <summary>The number of requests in the file.</summary>
    /// <exception cref="InvalidDataException">The file is not a valid batch; the message lists each problem.</exception>
    public static async Task<int> CheckAsync(string path, string endpoint, CancellationToken cancellationToken)
    {
        var defaults = new ServerOptions();
        var limits = new BatchInputLimits(defaults.MaxBatchRequests, (int)Math.Min(int.MaxValue, defaults.MaxRequestBodyBytes));
        var requests = 0;
        await using var file = File.OpenRead(path);
        var errors = await BatchInputReader.ReadAsync(file, endpoint, limits, (_, _) =>
        {
            requests++;
            return ValueTask.CompletedTask;
        }, cancellationToken);
        if (errors.Count > 0)
        {
            var lines = errors.Select(e => e.Line is { } line ? $"{path}:{line}: {e.Message} ({e.Code})" : $"{path}: {e.Message} ({e.Code})");
            throw new InvalidDataException(errors.Count == 1 ? lines.First() : $"{errors.Count} problems in {path}, nothing was uploaded:\n  " + string.Join("\n  ", lines));
        }

        return requests;
    }
}

using System.Diagnostics;
using System.Text;
using System.Text.RegularExpressions;

namespace Deliberate.Server.Tests.Clients;

/// <summary>
/// One <c>node --test</c> run of one suite file, read back from its TAP output: the counts Node prints at the end
/// (<c># pass N</c>, <c># fail N</c>) and the whole output, so a failing xunit case shows Node's own diagnostics.
/// </summary>
internal sealed partial record NodeTestRun(int ExitCode, int Passed, int Failed, string Output)
{
    public static async Task<NodeTestRun> RunAsync(string suite, IReadOnlyDictionary<string, string> environment, TimeSpan timeout)
    {
        var start = new ProcessStartInfo("node")
        {
            WorkingDirectory = Path.GetDirectoryName(suite)!,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[] { "--test", "--test-reporter=tap", Path.GetFileName(suite) })
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException("node did not start");
        var output = new StringBuilder();
        var stdout = PumpAsync(process.StandardOutput, output);
        var stderr = PumpAsync(process.StandardError, output);
        using var cancel = new CancellationTokenSource(timeout);
        try
        {
            await process.WaitForExitAsync(cancel.Token);
        }
        catch (OperationCanceledException)
        {
            // A hung client (a stream that never ends) must fail the case, not hang the whole test run.
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync(CancellationToken.None);
            output.Append(FormattableString.Invariant($"\n[killed after {timeout.TotalSeconds:0} s]"));
        }

        await Task.WhenAll(stdout, stderr);
        var text = output.ToString();
        return new NodeTestRun(process.ExitCode, Count(PassLine(), text), Count(FailLine(), text), text);
    }

    private static async Task PumpAsync(StreamReader reader, StringBuilder output)
    {
        while (await reader.ReadLineAsync() is { } line)
        {
            lock (output)
            {
                output.AppendLine(line);
            }
        }
    }

    private static int Count(Regex summary, string text) =>
        summary.Match(text) is { Success: true } match ? int.Parse(match.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture) : 0;

    [GeneratedRegex(@"^# pass (\d+)$", RegexOptions.Multiline)]
    private static partial Regex PassLine();

    [GeneratedRegex(@"^# fail (\d+)$", RegexOptions.Multiline)]
    private static partial Regex FailLine();
}

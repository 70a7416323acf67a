using System.Text.RegularExpressions;

namespace Deliberate.Cli.Tests;

/// <summary>How a run of the command must end, with the run's output in every failure message.</summary>
internal static partial class CliAssert
{
    /// <summary>The command line or an input file was wrong (the CLI's exit code 2).</summary>
    public const int UsageExitCode = 2;

    /// <summary>The operation itself failed (the CLI's exit code 1).</summary>
    public const int FailedExitCode = 1;

    public static void Succeeded(CliResult result) =>
        Assert.True(result.ExitCode == 0, $"expected exit 0, got {result.ExitCode}\n{Describe(result)}");

    /// <summary>Exit code 2, every one of <paramref name="mentions"/> on stderr, and no stack trace.</summary>
    public static void Rejected(CliResult result, params string[] mentions) => Failed(result, UsageExitCode, mentions);

    /// <summary>Exit code <paramref name="exitCode"/>, every one of <paramref name="mentions"/> on stderr, and no stack trace.</summary>
    public static void Failed(CliResult result, int exitCode, params string[] mentions)
    {
        Assert.True(result.ExitCode == exitCode, $"expected exit {exitCode}, got {result.ExitCode}\n{Describe(result)}");
        foreach (var mention in mentions)
        {
            Assert.True(result.StdErr.Contains(mention, StringComparison.Ordinal), $"stderr does not mention '{mention}'\n{Describe(result)}");
        }

        Assert.False(StackFrame().IsMatch(result.StdErr) || result.StdErr.Contains("Unhandled exception", StringComparison.Ordinal),
            $"stderr holds a stack trace\n{Describe(result)}");
    }

    private static string Describe(CliResult result) => $"stdout:\n{result.StdOut}\nstderr:\n{result.StdErr}";

    /// <summary>A .NET stack frame line: "   at Namespace.Type.Method(…)".</summary>
    [GeneratedRegex(@"^\s+at \S+\(", RegexOptions.Multiline)]
    private static partial Regex StackFrame();
}

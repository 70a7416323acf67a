using System.Diagnostics;
using System.Text.Json;

namespace Deliberate.Cli.Tests;

/// <summary>`deliberate serve`'s settings as a user meets them: the help, a wrong setting, and the JSON log output.</summary>
public sealed class ServeSettingsTests
{
    [Fact]
    public async Task HelpNamesEachFlagsEnvironmentVariable()
    {
        var result = await CliRunner.RunAsync("serve", "--help");

        Assert.Equal(0, result.ExitCode);
        foreach (var (flag, variable) in new[]
        {
            ("--listen", "DELIBERATE_LISTEN"), ("--auth", "DELIBERATE_AUTH=on"), ("--no-auth", "DELIBERATE_AUTH=off"), ("--data-dir", "DELIBERATE_DATA_DIRECTORY"),
            ("--threads", "DELIBERATE_THREADS"), ("--log-level", "DELIBERATE_LOG_LEVEL"), ("--log-format", "DELIBERATE_LOG_FORMAT"), ("--otlp-endpoint", "DELIBERATE_OTLP_ENDPOINT"),
        })
        {
            var line = result.StdOut.Split('\n').FirstOrDefault(l => l.TrimStart().StartsWith(flag + " ", StringComparison.Ordinal)) ?? "";
            Assert.True(result.StdOut.Contains($"[env {variable}]", StringComparison.Ordinal) && line.Length > 0, $"{flag} / {variable}:\n{result.StdOut}");
        }
    }

    [Fact]
    public async Task BadFlagValueExitsTwoNamingTheFlag()
    {
        var result = await CliRunner.RunAsync("serve", "--threads", "many");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("--threads", result.StdErr, StringComparison.Ordinal);
        Assert.Contains("whole number", result.StdErr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task MistypedVariableExitsTwoNamingIt()
    {
        var result = await CliRunner.RunAsync(["serve"], environment: new Dictionary<string, string> { ["DELIBERATE_AUHT"] = "off" });

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("DELIBERATE_AUHT", result.StdErr, StringComparison.Ordinal);
        Assert.Contains("'auth'", result.StdErr, StringComparison.Ordinal);
    }

    /// <summary>
    /// With <c>--log-format json</c> every line on stdout is one JSON object with the entry's fields as properties —
    /// the model load line among them — and the warning that the server serves without keys comes first.
    /// </summary>
    [Fact]
    public async Task JsonLogsAreOneObjectPerLineWithTheirFields()
    {
        var data = Path.Combine(Path.GetTempPath(), "deliberate-serve-" + Guid.NewGuid().ToString("N")[..8]);
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = RepositoryPaths.Root,
        };
        foreach (var arg in new[] { Path.Combine(AppContext.BaseDirectory, "deliberate.dll"), "serve", "--log-format", "json", "--listen", "http://127.0.0.1:0", "--data-dir", data })
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start)!;
        var lines = new List<JsonElement>();
        try
        {
            // Bounded so a server that never logs the load fails the test instead of hanging it; not a speed assertion.
            using var cancel = new CancellationTokenSource(TimeSpan.FromMinutes(2));
            while (!lines.Any(l => l.GetProperty("EventId").GetInt32() == 3) && await process.StandardOutput.ReadLineAsync(cancel.Token) is { } line)
            {
                lines.Add(JsonDocument.Parse(line).RootElement.Clone());
            }
        }
        finally
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
            Directory.Delete(data, recursive: true);
        }

        var warning = Assert.Single(lines, l => l.GetProperty("LogLevel").GetString() == "Warning");
        Assert.Contains("without API keys", warning.GetProperty("Message").GetString(), StringComparison.Ordinal);
        var load = lines.Single(l => l.GetProperty("EventId").GetInt32() == 3).GetProperty("State");
        Assert.Equal("deliberate-nano", load.GetProperty("Model").GetString());
        Assert.Equal(new FileInfo(Path.Combine(RepositoryPaths.Root, "models", "deliberate-nano.gguf")).Length, load.GetProperty("Bytes").GetInt64());
    }
}

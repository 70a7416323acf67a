using System.Diagnostics;
using System.Text.RegularExpressions;

namespace Deliberate.Cli.Tests;

/// <summary>
/// <c>deliberate serve</c> running as its own process, as a user starts it: on a free loopback port (read from its
/// "serving … on" log line), ready once <c>/ready</c> answers 200. <see cref="KillAsync"/> ends it the way a crash
/// or <c>kill -9</c> does: SIGKILL, no shutdown code runs.
/// </summary>
internal sealed partial class ServeProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly TaskCompletionSource<string> _address = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly List<string> _output = [];

    private ServeProcess(Process process) => _process = process;

    public string BaseUrl { get; private set; } = "";

    /// <summary>What the process printed so far (for a failing test's message).</summary>
    public string Output
    {
        get
        {
            lock (_output)
            {
                return string.Join('\n', _output);
            }
        }
    }

    public static async Task<ServeProcess> StartAsync(params string[] args)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = RepositoryPaths.Root,
        };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "deliberate.dll"));
        start.ArgumentList.Add("serve");
        start.ArgumentList.Add("--listen");
        start.ArgumentList.Add("http://127.0.0.1:0");
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        var server = new ServeProcess(Process.Start(start) ?? throw new InvalidOperationException("could not start dotnet"));
        server._process.OutputDataReceived += (_, e) => server.Read(e.Data);
        server._process.ErrorDataReceived += (_, e) => server.Read(e.Data);
        server._process.BeginOutputReadLine();
        server._process.BeginErrorReadLine();
        // Generous bounds so a hang fails the test instead of the run; not speed assertions.
        var listening = await Task.WhenAny(server._address.Task, server._process.WaitForExitAsync(), Task.Delay(TimeSpan.FromMinutes(2)));
        if (listening != server._address.Task)
        {
            await server.KillAsync();
            throw new InvalidOperationException($"deliberate serve did not start:\n{server.Output}");
        }

        server.BaseUrl = await server._address.Task;
        using var http = new HttpClient();
        for (var deadline = DateTime.UtcNow.AddMinutes(2); DateTime.UtcNow < deadline;)
        {
            try
            {
                if ((await http.GetAsync(server.BaseUrl + "/ready")).IsSuccessStatusCode)
                {
                    return server;
                }
            }
            catch (HttpRequestException)
            {
            }

            await Task.Delay(100);
        }

        await server.KillAsync();
        throw new InvalidOperationException($"deliberate serve never became ready:\n{server.Output}");
    }

    public async Task KillAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true); // SIGKILL on Linux
            await _process.WaitForExitAsync();
        }
    }

    private void Read(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_output)
        {
            _output.Add(line);
        }

        if (ServingLine().Match(line) is { Success: true } match)
        {
            _address.TrySetResult(match.Groups[1].Value.TrimEnd('/'));
        }
    }

    [GeneratedRegex(@"serving .* on (http://[^\s,]+)")]
    private static partial Regex ServingLine();

    public async ValueTask DisposeAsync()
    {
        await KillAsync();
        _process.Dispose();
    }
}

using System.Text.Json;

namespace Deliberate.Cli.Tests;

/// <summary>
/// `deliberate batch` against a running <c>deliberate serve</c>: submit and wait, status, results to a file and to
/// stdout, list, cancel; a bad input file refused before anything is uploaded, naming its lines (exit 2); what the
/// server refuses, or a server that cannot be reached, is exit 1 with one line saying so.
/// </summary>
public sealed class BatchCommandTests(NanoServe server) : IClassFixture<NanoServe>
{
    private static string Line(string customId, int maxTokens = 8) => JsonSerializer.Serialize(new
    {
        custom_id = customId,
        method = "POST",
        url = "/v1/chat/completions",
        body = new { model = "o3-mini", messages = new[] { new { role = "user", content = $"What is {customId.Length} + 4?" } }, max_completion_tokens = maxTokens, reasoning_effort = "low" },
    });

    private Task<CliResult> Batch(params string[] args) => CliRunner.RunAsync(["batch", .. args, "--endpoint", server.Endpoint]);

    [Fact]
    public async Task SubmitWaitsThenStatusResultsAndListShowTheBatch()
    {
        using var temp = new TempDirectory();
        var input = temp.File("requests.jsonl");
        await File.WriteAllLinesAsync(input, new[] { "a", "bb", "ccc" }.Select(id => Line(id)));

        var submitted = await Batch("submit", input, "--wait");

        CliAssert.Succeeded(submitted);
        var id = submitted.StdOut.Trim();
        Assert.Matches("^batch_[A-Za-z0-9]{24}$", id);
        Assert.Contains($"{id} completed: 3 of 3 done", submitted.StdErr, StringComparison.Ordinal);

        var status = await Batch("status", id);
        CliAssert.Succeeded(status);
        Assert.Contains("status:    completed", status.StdOut, StringComparison.Ordinal);
        Assert.Contains("requests:  3 total, 3 completed, 0 failed", status.StdOut, StringComparison.Ordinal);

        var toFile = await Batch("results", id, "-o", temp.File("out.jsonl"));
        CliAssert.Succeeded(toFile);
        var lines = (await File.ReadAllLinesAsync(temp.File("out.jsonl"))).Select(l => JsonDocument.Parse(l).RootElement).ToList();
        Assert.Equal(["a", "bb", "ccc"], lines.Select(l => l.GetProperty("custom_id").GetString()));
        Assert.All(lines, l => Assert.Equal(200, l.GetProperty("response").GetProperty("status_code").GetInt32()));
        var toStdout = await Batch("results", id);
        CliAssert.Succeeded(toStdout);
        Assert.Equal(await File.ReadAllTextAsync(temp.File("out.jsonl")), toStdout.StdOut);

        var list = await Batch("list");
        CliAssert.Succeeded(list);
        Assert.Contains(list.StdOut.Split('\n'), row => row.StartsWith(id + "\tcompleted\t3/3\t0 failed\t", StringComparison.Ordinal));

        var cancel = await Batch("cancel", id);
        CliAssert.Failed(cancel, CliAssert.FailedExitCode, "deliberate batch cancel: Cannot cancel a batch with status 'completed'");
    }

    [Fact]
    public async Task AnUnfinishedBatchHasNoResultsYetAndCanBeCancelled()
    {
        using var temp = new TempDirectory();
        var input = temp.File("long.jsonl");
        await File.WriteAllLinesAsync(input, Enumerable.Range(0, 150).Select(i => Line($"long-{i}", maxTokens: 160)));
        var submitted = await Batch("submit", input);
        CliAssert.Succeeded(submitted);
        var id = submitted.StdOut.Trim();

        var early = await Batch("results", id);
        CliAssert.Failed(early, CliAssert.FailedExitCode, $"{id} is ", "its results come when it ends");

        var cancel = await Batch("cancel", id);
        CliAssert.Succeeded(cancel);
        Assert.Matches($"^{id}\t(cancelling|cancelled)$", cancel.StdOut.Trim());
    }

    [Fact]
    public async Task ABadInputFileIsRefusedBeforeUploadNamingEachLine()
    {
        using var temp = new TempDirectory();
        var input = temp.File("bad.jsonl");
        await File.WriteAllLinesAsync(input, [Line("a"), Line("a"), "{oops", Line("b").Replace("POST", "GET", StringComparison.Ordinal)]);
        using var http = new HttpClient { BaseAddress = new Uri(server.BaseUrl) };
        var filesBefore = await FileCountAsync(http);

        var result = await Batch("submit", input);

        CliAssert.Rejected(result, "deliberate batch submit: 3 problems", $"{input}:2: ", "duplicate_custom_id", $"{input}:3: ", "invalid_json_line", $"{input}:4: ", "method must be POST");
        Assert.Equal("", result.StdOut);
        Assert.Equal(filesBefore, await FileCountAsync(http));
    }

    [Fact]
    public async Task AMissingInputFileIsAUsageError()
    {
        using var temp = new TempDirectory();

        var result = await Batch("submit", temp.File("absent.jsonl"));

        CliAssert.Rejected(result, temp.File("absent.jsonl"));
    }

    [Fact]
    public async Task WhatTheServerRefusesIsAFailureWithItsMessage()
    {
        var result = await Batch("status", "batch_AAAAAAAAAAAAAAAAAAAAAAAA");

        CliAssert.Failed(result, CliAssert.FailedExitCode, "deliberate batch status: No such Batch object: batch_AAAAAAAAAAAAAAAAAAAAAAAA (HTTP 404)");
    }

    [Fact]
    public async Task AServerThatCannotBeReachedIsAFailureNamingIt()
    {
        var result = await CliRunner.RunAsync("batch", "list", "--endpoint", "http://127.0.0.1:1/v1");

        CliAssert.Failed(result, CliAssert.FailedExitCode, "deliberate batch list: cannot reach http://127.0.0.1:1/v1");
    }

    [Fact]
    public async Task AnEndpointThatIsNotAnHttpUrlIsAUsageError()
    {
        var result = await CliRunner.RunAsync("batch", "list", "--endpoint", "ftp://example");

        CliAssert.Rejected(result, "--endpoint");
    }

    private static async Task<int> FileCountAsync(HttpClient http)
    {
        using var json = JsonDocument.Parse(await http.GetStringAsync("/v1/files"));
        return json.RootElement.GetProperty("data").GetArrayLength();
    }
}

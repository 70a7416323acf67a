using System.ClientModel;
using System.CommandLine;
using System.Globalization;

namespace Deliberate.Cli.Commands.Batch;

/// <summary>
/// `deliberate batch submit|status|results|list|cancel`: the Batch API of a running server (this one on
/// 127.0.0.1:8080 by default, or any OpenAI-compatible <c>--endpoint</c>) through the official OpenAI .NET SDK.
/// <c>submit</c> checks the file line by line before uploading it (a bad file is exit 2, naming each line) and with
/// <c>--wait</c> follows the batch to its end with a live progress bar. A call the server refuses is exit 1 with its
/// message.
/// </summary>
internal static class BatchCommand
{
    public const string DefaultEndpoint = "http://127.0.0.1:8080/v1";

    public static Command Create()
    {
        var endpoint = new Option<string>("--endpoint")
        {
            Description = $"Base URL of the server's API (default {DefaultEndpoint})", DefaultValueFactory = _ => DefaultEndpoint, Recursive = true,
        };
        endpoint.Validators.Add(result =>
        {
            var text = result.GetValueOrDefault<string>();
            if (!Uri.TryCreate(text, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
            {
                result.AddError($"--endpoint must be an absolute http or https URL such as {DefaultEndpoint}, not '{text}'");
            }
        });
        var apiKey = new Option<string?>("--api-key") { Description = "API key (default: $OPENAI_API_KEY; none needed by a local server before its first key)", Recursive = true };

        var file = new Argument<FileInfo>("file") { Description = "Requests, one JSON object per line: custom_id, method POST, url /v1/chat/completions, body" };
        var wait = new Option<bool>("--wait") { Description = "Follow the batch to its end with a progress bar (exit 1 unless it completes)" };
        var submit = new Command("submit", "Check a JSONL file of requests, upload it and start a batch; prints the batch id") { file, wait };
        submit.SetAction((result, cancellationToken) => Guard(result, async api =>
        {
            var path = result.GetValue(file)!.FullName;
            var requests = await BatchInputCheck.CheckAsync(path, BatchApi.ChatCompletions, cancellationToken);
            var batch = await api.CreateAsync(await api.UploadAsync(path, cancellationToken), cancellationToken);
            Console.WriteLine(batch.Id);
            await Console.Error.WriteLineAsync($"submitted {requests} requests from {Path.GetFileName(path)} as {batch.Id}");
            if (!result.GetValue(wait))
            {
                return CliInvocation.Success;
            }

            batch = await BatchProgress.WaitAsync(api, batch, cancellationToken);
            WriteErrors(batch);
            return batch.Status == "completed" ? CliInvocation.Success : CliInvocation.Failed;
        }));

        var id = new Argument<string>("id") { Description = "The batch id (batch_…)" };
        var status = new Command("status", "Show a batch: status, request counts, result files, validation errors") { id };
        status.SetAction((result, cancellationToken) => Guard(result, async api =>
        {
            var batch = await api.GetAsync(result.GetValue(id)!, cancellationToken);
            Console.WriteLine($"id:        {batch.Id}");
            Console.WriteLine($"status:    {batch.Status}");
            Console.WriteLine($"requests:  {batch.Total} total, {batch.Completed} completed, {batch.Failed} failed");
            Console.WriteLine($"created:   {Time(batch.CreatedAt)}");
            Console.WriteLine($"output:    {batch.OutputFileId ?? "none"}");
            Console.WriteLine($"errors:    {batch.ErrorFileId ?? "none"}");
            foreach (var error in batch.Errors)
            {
                Console.WriteLine($"  {error}");
            }

            return CliInvocation.Success;
        }));

        var output = new Option<FileInfo?>("--output", "-o") { Description = "Write the results to this file instead of stdout" };
        var errors = new Option<bool>("--errors") { Description = "The error file (failed requests, and those never run) instead of the output file" };
        var results = new Command("results", "Download a finished batch's output file (one JSON line per request)") { id, output, errors };
        results.SetAction((result, cancellationToken) => Guard(result, async api =>
        {
            var batch = await api.GetAsync(result.GetValue(id)!, cancellationToken);
            if (!batch.IsFinished)
            {
                await Console.Error.WriteLineAsync($"deliberate batch results: {batch.Id} is {batch.Status}; its results come when it ends (deliberate batch status {batch.Id})");
                return CliInvocation.Failed;
            }

            var fileId = result.GetValue(errors) ? batch.ErrorFileId : batch.OutputFileId;
            if (fileId is null)
            {
                await Console.Error.WriteLineAsync($"deliberate batch results: {batch.Id} ({batch.Status}) has no {(result.GetValue(errors) ? "error" : "output")} file: "
                    + $"{batch.Completed} requests completed, {batch.Failed} failed");
                return CliInvocation.Failed;
            }

            var content = await api.DownloadAsync(fileId, cancellationToken);
            if (result.GetValue(output) is { } target)
            {
                await File.WriteAllBytesAsync(target.FullName, content.ToArray(), cancellationToken);
                await Console.Error.WriteLineAsync($"wrote {target.FullName}");
            }
            else
            {
                await using var stdout = Console.OpenStandardOutput();
                await stdout.WriteAsync(content.ToMemory(), cancellationToken);
            }

            if (!result.GetValue(errors) && batch.ErrorFileId is not null)
            {
                await Console.Error.WriteLineAsync($"{batch.Total - batch.Completed} requests did not succeed: deliberate batch results {batch.Id} --errors");
            }

            return CliInvocation.Success;
        }));

        var list = new Command("list", "List the key's batches, newest first (id, status, done of total, failed, created)");
        list.SetAction((result, cancellationToken) => Guard(result, async api =>
        {
            await foreach (var batch in api.ListAsync(cancellationToken))
            {
                Console.WriteLine($"{batch.Id}\t{batch.Status}\t{batch.Completed + batch.Failed}/{batch.Total}\t{batch.Failed} failed\t{Time(batch.CreatedAt)}");
            }

            return CliInvocation.Success;
        }));

        var cancel = new Command("cancel", "Cancel a batch: requests in flight stop, finished results are kept") { id };
        cancel.SetAction((result, cancellationToken) => Guard(result, async api =>
        {
            var batch = await api.CancelAsync(result.GetValue(id)!, cancellationToken);
            Console.WriteLine($"{batch.Id}\t{batch.Status}");
            return CliInvocation.Success;
        }));

        return new Command("batch", "Run requests as a batch on a server (the Batch API)") { endpoint, apiKey, submit, status, results, list, cancel };

        async Task<int> Guard(ParseResult result, Func<BatchApi, Task<int>> action)
        {
            var url = new Uri(result.GetValue(endpoint)!);
            var key = result.GetValue(apiKey) ?? Environment.GetEnvironmentVariable("OPENAI_API_KEY") ?? "none";
            var verb = "deliberate batch " + result.CommandResult.Command.Name;
            try
            {
                return await action(new BatchApi(url, key));
            }
            catch (ClientResultException e) when (e.Status != 0)
            {
                await Console.Error.WriteLineAsync($"{verb}: {BatchApi.Describe(e)} (HTTP {e.Status})");
                return CliInvocation.Failed;
            }
            catch (Exception e) when (Unreachable(e) is { } cause)
            {
                // The SDK retries a refused connection, then throws every attempt's error together.
                await Console.Error.WriteLineAsync($"{verb}: cannot reach {url}: {cause.Message.Split('\n')[0]}");
                return CliInvocation.Failed;
            }
        }
    }

    /// <summary>The connection failure behind <paramref name="e"/> (the SDK's own, or the last of its retries), or null.</summary>
    private static Exception? Unreachable(Exception e) => e switch
    {
        AggregateException { InnerExceptions.Count: > 0 } all => Unreachable(all.InnerExceptions[^1]),
        ClientResultException { Status: 0 } or HttpRequestException => e,
        _ => null,
    };

    private static void WriteErrors(BatchView batch)
    {
        foreach (var error in batch.Errors)
        {
            Console.Error.WriteLine($"  {error}");
        }
    }

    private static string Time(long unixSeconds) => DateTimeOffset.FromUnixTimeSeconds(unixSeconds).ToString("u", CultureInfo.InvariantCulture);
}

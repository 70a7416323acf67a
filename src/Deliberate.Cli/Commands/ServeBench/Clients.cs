using System.Diagnostics;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Deliberate.Engine.Chat;
using Deliberate.Engine.Reasoning;
using Deliberate.Engine.Sampling;
using Deliberate.Engine.Templates;

namespace Deliberate.Cli.Commands.ServeBench;

/// <summary>The same request sent in process (ChatGenerator) or over HTTP (streamed Chat Completions, usage included).</summary>
internal static class Clients
{
    /// <summary>Distinct questions, so requests share the template's prefix but not their whole prompt.</summary>
    public static string Question(int i) => $"What is {1000 + (i * 7919 % 9000)} + {10 + (i * 104729 % 90)}?";

    public static async Task<RequestTiming> InProcessAsync(ChatGenerator generator, int i, string effort, int maxTokens, CancellationToken cancellationToken)
    {
        var request = new ChatRequest
        {
            Messages = [ChatTemplateMessage.User(Question(i))],
            Effort = Efforts.Parse(effort),
            MaxCompletionTokens = maxTokens,
            Sampling = SamplerOptions.Greedy,
        };
        var start = Stopwatch.GetTimestamp();
        double first = double.NaN;
        var tokens = 0;
        await foreach (var e in generator.GenerateAsync(request, cancellationToken))
        {
            if (e is ReasoningChunk or ContentChunk && double.IsNaN(first))
            {
                first = Stopwatch.GetElapsedTime(start).TotalSeconds;
            }
            else if (e is GenerationFinished done)
            {
                tokens = done.CompletionTokens;
            }
        }

        return new RequestTiming(first, tokens);
    }

    public static async Task<RequestTiming> HttpAsync(HttpClient http, string model, int i, string effort, int maxTokens, CancellationToken cancellationToken)
    {
        var body = JsonSerializer.Serialize(new Dictionary<string, object>
        {
            ["model"] = model,
            ["messages"] = new[] { new Dictionary<string, string> { ["role"] = "user", ["content"] = Question(i) } },
            ["reasoning_effort"] = effort,
            ["max_completion_tokens"] = maxTokens,
            ["temperature"] = 0,
            ["stream"] = true,
            ["stream_options"] = new Dictionary<string, bool> { ["include_usage"] = true },
            ["include_reasoning"] = true,
        });
        using var message = new HttpRequestMessage(HttpMethod.Post, "/v1/chat/completions") { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        var start = Stopwatch.GetTimestamp();
        using var response = await http.SendAsync(message, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
        response.EnsureSuccessStatusCode();
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(cancellationToken));
        double first = double.NaN;
        var tokens = 0;
        while (await reader.ReadLineAsync(cancellationToken) is { } line)
        {
            if (!line.StartsWith("data: {", StringComparison.Ordinal))
            {
                continue;
            }

            using var chunk = JsonDocument.Parse(line.AsMemory(6));
            var root = chunk.RootElement;
            if (root.TryGetProperty("usage", out var usage) && usage.ValueKind == JsonValueKind.Object)
            {
                tokens = usage.GetProperty("completion_tokens").GetInt32();
            }

            if (double.IsNaN(first) && root.GetProperty("choices").EnumerateArray().Any(HasText))
            {
                first = Stopwatch.GetElapsedTime(start).TotalSeconds;
            }
        }

        return new RequestTiming(first, tokens);
    }

    private static bool HasText(JsonElement choice) =>
        choice.TryGetProperty("delta", out var delta)
        && ((delta.TryGetProperty("content", out var c) && c.GetString() is { Length: > 0 })
            || (delta.TryGetProperty("reasoning_content", out var r) && r.GetString() is { Length: > 0 }));

    public static HttpClient Http(string baseUrl) => new()
    {
        BaseAddress = new Uri(baseUrl),
        Timeout = TimeSpan.FromMinutes(10),
        DefaultRequestHeaders = { Accept = { new MediaTypeWithQualityHeaderValue("text/event-stream") } },
    };
}

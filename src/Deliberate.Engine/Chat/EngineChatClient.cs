using System.Runtime.CompilerServices;
using System.Text.Json;
using Deliberate.Engine.Reasoning;
using Deliberate.Engine.Sampling;
using Deliberate.Engine.Templates;
using Microsoft.Extensions.AI;

namespace Deliberate.Engine.Chat;

/// <summary>
/// The in-process engine as a Microsoft.Extensions.AI <see cref="IChatClient"/>, with the API's effort semantics:
/// <see cref="ChatOptions.Reasoning"/> picks the thinking budget, reasoning comes back as
/// <see cref="TextReasoningContent"/>, tool calls the model writes become <see cref="FunctionCallContent"/>, and
/// usage reports reasoning tokens. Unset sampling options mean greedy decoding.
/// </summary>
public sealed class EngineChatClient(ChatGenerator generator, bool ownsModel = false) : IChatClient
{
    private readonly ChatGenerator _generator = generator ?? throw new ArgumentNullException(nameof(generator));

    public static EngineChatClient Open(string path, ChatModelOptions? options = null) => new(new ChatGenerator(ChatModel.Load(path, options)), ownsModel: true);

    public async Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        var updates = new List<ChatResponseUpdate>();
        await foreach (var update in GetStreamingResponseAsync(messages, options, cancellationToken).ConfigureAwait(false))
        {
            updates.Add(update);
        }

        return updates.ToChatResponse();
    }

    public async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(
        IEnumerable<ChatMessage> messages, ChatOptions? options = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var request = ToRequest(messages, options);
        var id = "chatcmpl-" + Guid.NewGuid().ToString("N");
        string? finish = null;
        await foreach (var chatEvent in _generator.GenerateAsync(request, cancellationToken).ConfigureAwait(false))
        {
            switch (chatEvent)
            {
                case ReasoningChunk reasoning:
                    yield return Update(id, new TextReasoningContent(reasoning.Text));
                    break;
                case RefusalChunk refusal:
                    // MEAI has no refusal content; the text arrives as text, marked so callers can tell.
                    yield return Update(id, new TextContent(refusal.Text) { AdditionalProperties = new() { ["refusal"] = true } });
                    break;
                case ContentChunk content:
                    yield return Update(id, new TextContent(content.Text));
                    break;
                case ChoiceFinished finished:
                    // The engine decided the choice; its calls (parsed from the answer, or recovered from the reasoning) map one to one.
                    foreach (var call in finished.Outcome.ToolCalls)
                    {
                        yield return Update(id, CallContent("call_" + Guid.NewGuid().ToString("N")[..24], call.Name, call.ArgumentsJson));
                    }

                    finish = finished.Outcome.FinishReason;
                    break;
                case GenerationFinished done:
                    var last = Update(id, new UsageContent(new UsageDetails
                    {
                        InputTokenCount = done.PromptTokens,
                        OutputTokenCount = done.CompletionTokens,
                        TotalTokenCount = done.PromptTokens + done.CompletionTokens,
                        ReasoningTokenCount = done.ReasoningTokens,
                        CachedInputTokenCount = done.CachedPromptTokens,
                    }));
                    last.FinishReason = finish switch
                    {
                        "length" => ChatFinishReason.Length,
                        "tool_calls" => ChatFinishReason.ToolCalls,
                        _ => ChatFinishReason.Stop,
                    };
                    yield return last;
                    break;
            }
        }
    }

    public object? GetService(Type serviceType, object? serviceKey = null)
    {
        ArgumentNullException.ThrowIfNull(serviceType);
        return serviceKey is null && serviceType.IsInstanceOfType(this) ? this
            : serviceKey is null && serviceType == typeof(ChatModel) ? _generator.Model
            : serviceKey is null && serviceType == typeof(ChatClientMetadata) ? new ChatClientMetadata("deliberate", defaultModelId: _generator.Model.Id)
            : null;
    }

    public void Dispose()
    {
        if (ownsModel)
        {
            _generator.Model.Dispose();
        }
    }

    private ChatResponseUpdate Update(string id, AIContent content) =>
        new(ChatRole.Assistant, [content]) { ResponseId = id, ModelId = _generator.Model.Id };

    /// <summary>
    /// Min-p (vLLM's and llama.cpp's <c>min_p</c>) has no <see cref="ChatOptions"/> property, so it comes as the
    /// additional property <c>min_p</c>: a number in [0, 1], 0 meaning off.
    /// </summary>
    private static float MinPFrom(ChatOptions options)
    {
        if (options.AdditionalProperties?.TryGetValue("min_p", out var value) != true || value is null)
        {
            return 0;
        }

        var minP = value switch
        {
            float f => f,
            double d => (float)d,
            decimal m => (float)m,
            int i => i,
            System.Text.Json.JsonElement { ValueKind: System.Text.Json.JsonValueKind.Number } e => e.GetSingle(),
            _ => float.NaN,
        };
        return minP is >= 0 and <= 1
            ? minP
            : throw new ArgumentException($"min_p must be a number from 0 to 1, got {value}", nameof(options));
    }

    /// <summary>MEAI's levels onto the engine's three: none thinks as little as low, extra high as much as high.</summary>
    private static Effort? EffortOf(ChatOptions? options) => options?.Reasoning?.Effort switch
    {
        null => null,
        ReasoningEffort.None or ReasoningEffort.Low => Effort.Low,
        ReasoningEffort.High or ReasoningEffort.ExtraHigh => Effort.High,
        _ => Effort.Medium,
    };

    /// <summary>
    /// An explicit thinking budget (the request level of docs/effort.md) has no <see cref="ChatOptions"/> property, so
    /// it comes as the additional property <c>thinking_budget</c>: a whole number of tokens, 0 or more.
    /// </summary>
    private static int? ThinkingBudgetOf(ChatOptions? options)
    {
        if (options?.AdditionalProperties?.TryGetValue(ThinkingBudgetProperty, out var value) != true || value is null)
        {
            return null;
        }

        int? budget = value switch
        {
            int i => i,
            long l when l is >= 0 and <= int.MaxValue => (int)l,
            JsonElement { ValueKind: JsonValueKind.Number } e when e.TryGetInt32(out var i) => i,
            _ => null,
        };
        return budget is >= 0
            ? budget
            : throw new ArgumentException($"{ThinkingBudgetProperty} must be a whole number of tokens, 0 or more, got {value}", nameof(options));
    }

    /// <summary>The <see cref="ChatOptions.AdditionalProperties"/> key of an explicit thinking budget.</summary>
    public const string ThinkingBudgetProperty = "thinking_budget";

    internal static ChatRequest ToRequest(IEnumerable<ChatMessage> messages, ChatOptions? options)
    {
        ArgumentNullException.ThrowIfNull(messages);
        var converted = new List<ChatTemplateMessage>();
        if (options?.Instructions is { Length: > 0 } instructions)
        {
            converted.Add(ChatTemplateMessage.System(instructions));
        }

        foreach (var message in messages)
        {
            converted.Add(ToTemplateMessage(message));
        }

        var sampling = SamplerOptions.Greedy;
        if (options?.Temperature is { } temperature && temperature > 0)
        {
            sampling = new SamplerOptions
            {
                Temperature = temperature,
                TopP = options.TopP ?? 1,
                TopK = options.TopK ?? 0,
                MinP = MinPFrom(options),
                PresencePenalty = options.PresencePenalty ?? 0,
                FrequencyPenalty = options.FrequencyPenalty ?? 0,
            };
        }

        if (options?.Seed is { } seed)
        {
            sampling = sampling with { Seed = unchecked((ulong)seed) };
        }

        var tools = options?.Tools?.OfType<AIFunctionDeclaration>().Select(ToolJson).ToList();
        return new ChatRequest
        {
            Messages = converted,
            Tools = tools,
            Constraint = ConstraintFor(options, tools),
            Effort = EffortOf(options),
            ThinkingBudget = ThinkingBudgetOf(options),
            MaxCompletionTokens = options?.MaxOutputTokens,
            Sampling = sampling,
            Stop = options?.StopSequences is { Count: > 0 } stops ? [.. stops] : [],
        };
    }

    /// <summary>
    /// <see cref="ChatOptions.ToolMode"/> (a required or named call is forced through the grammar; <c>none</c> forbids
    /// calls; with auto, the calls the model opens are held to the declared tools) wins over <see cref="ChatOptions.ResponseFormat"/> (JSON mode, or a schema).
    /// </summary>
    private static OutputConstraint? ConstraintFor(ChatOptions? options, List<JsonElement>? tools)
    {
        if (tools is { Count: > 0 })
        {
            var signatures = OutputConstraints.SignaturesOf(tools);
            switch (options?.ToolMode)
            {
                case RequiredChatToolMode { RequiredFunctionName: { } name }:
                    return OutputConstraints.ToolCall([.. signatures.Where(s => s.Name == name)]);
                case RequiredChatToolMode:
                    return OutputConstraints.ToolCall(signatures);
                case NoneChatToolMode:
                    return OutputConstraints.NoToolCalls();
                case null or AutoChatToolMode when options?.ResponseFormat is null or ChatResponseFormatText:
                    return OutputConstraints.OptionalToolCalls(signatures);
            }
        }

        return options?.ResponseFormat switch
        {
            ChatResponseFormatJson { Schema: { } schema } => OutputConstraints.JsonSchema(schema.GetRawText(), strict: false),
            ChatResponseFormatJson => OutputConstraints.JsonObject(),
            _ => null,
        };
    }

    private static ChatTemplateMessage ToTemplateMessage(ChatMessage message)
    {
        var role = message.Role.Value;
        var text = string.Concat(message.Contents.OfType<TextContent>().Select(t => t.Text));
        if (message.Role == ChatRole.Tool)
        {
            var result = message.Contents.OfType<FunctionResultContent>().FirstOrDefault();
            var content = result is null ? text : result.Result as string ?? JsonSerializer.Serialize(result.Result, ChatJson.Default.Object);
            return ChatTemplateMessage.Tool(content, result?.CallId);
        }

        var calls = message.Contents.OfType<FunctionCallContent>()
            .Select(c => new ChatToolCall(c.CallId, c.Name, JsonSerializer.Serialize(c.Arguments ?? new Dictionary<string, object?>(), ChatJson.Default.IDictionaryStringObject)))
            .ToList();
        var reasoning = string.Concat(message.Contents.OfType<TextReasoningContent>().Select(r => r.Text));
        return new ChatTemplateMessage(role, text) { ToolCalls = calls.Count > 0 ? calls : null, ReasoningContent = reasoning.Length > 0 ? reasoning : null };
    }

    private static JsonElement ToolJson(AIFunctionDeclaration function)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteString("type", "function");
            writer.WriteStartObject("function");
            writer.WriteString("name", function.Name);
            if (!string.IsNullOrEmpty(function.Description))
            {
                writer.WriteString("description", function.Description);
            }

            writer.WritePropertyName("parameters");
            function.JsonSchema.WriteTo(writer);
            writer.WriteEndObject();
            writer.WriteEndObject();
        }

        return JsonDocument.Parse(buffer.ToArray()).RootElement.Clone();
    }

    /// <summary>
    /// A call the model wrote. Arguments that are not a JSON object become the call's
    /// <see cref="FunctionCallContent.Exception"/> (as the OpenAI adapter does), so a tool loop reports the malformed
    /// call instead of running the function with no parameters.
    /// </summary>
    internal static FunctionCallContent CallContent(string callId, string name, string argumentsJson) =>
        FunctionCallContent.CreateFromParsedArguments(argumentsJson, callId, name, ParseArguments);

    /// <summary>
    /// A call's arguments as a dictionary. A model may write a key twice: the last one wins, as in JSON.parse and
    /// Python's json (a dictionary built with Add would throw on the repeat).
    /// </summary>
    /// <exception cref="JsonException">The text is not JSON, or not an object.</exception>
    internal static Dictionary<string, object?> ParseArguments(string json)
    {
        using var document = JsonDocument.Parse(json);
        if (document.RootElement.ValueKind != JsonValueKind.Object)
            throw new JsonException($"tool call arguments must be a JSON object, not {document.RootElement.ValueKind}");

        var arguments = new Dictionary<string, object?>();
        foreach (var property in document.RootElement.EnumerateObject())
            arguments[property.Name] = property.Value.Clone();
        return arguments;
    }
}

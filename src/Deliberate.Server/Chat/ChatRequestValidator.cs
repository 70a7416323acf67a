using System.Text;
using System.Text.Json;
using Deliberate.Engine.Chat;
using Deliberate.Engine.Reasoning;
using Deliberate.Server.Configuration;
using Deliberate.Server.Contracts;
using Deliberate.Server.Endpoints;
using Deliberate.Server.Errors;

namespace Deliberate.Server.Chat;

/// <summary>Checks a parsed request against the model and its parameter policy and normalizes it to <see cref="ChatRequest"/>.</summary>
public sealed class ChatRequestValidator(ModelCatalog catalog, ServerOptions server)
{
    private const int MaxMessages = 2048;
    private const int MaxN = 8;

    /// <summary>
    /// The request checked and normalized; at <see cref="ChatPriority.Batch"/> (a batch line's body) streaming is
    /// refused and <c>n</c> is bounded by the sequences batch work may take.
    /// </summary>
    public ChatRequest Validate(ChatCompletionRequest r, ChatPriority priority = ChatPriority.Interactive)
    {
        if (string.IsNullOrEmpty(r.Model))
        {
            throw ApiException.Invalid("you must provide a model parameter", "model", "missing_required_parameter");
        }

        var model = catalog.Find(r.Model)
            ?? throw (Moderation.ModerationModelNames.Contains(r.Model) ? ApiException.NotAChatModel(r.Model) : ApiException.ModelNotFound(r.Model));
        var strict = model.Options.ParameterPolicy == ParameterPolicy.OpenAIStrict;
        RejectUnsupported(r, strict);
        var structured = StructuredOutputsParser.Parse(r);

        var effort = ParseEffort(r.ReasoningEffort) ?? model.EffortFor(r.Model) ?? Efforts.Default;
        var maxCompletion = r.MaxCompletionTokens switch
        {
            null => model.Options.DefaultMaxCompletionTokens,
            < 1 => throw ApiException.Invalid($"Invalid 'max_completion_tokens': integer below minimum value. Expected a value >= 1, but got {r.MaxCompletionTokens} instead.", "max_completion_tokens", "integer_below_min_value"),
            > int.MaxValue / 2 => int.MaxValue / 2,
            _ => (int)r.MaxCompletionTokens.Value,
        };
        var n = r.N ?? 1;
        // A request's choices decode together, so n is bounded by the sequences the server runs at once (for batch
        // work, by those it may take).
        var maxN = Math.Min(MaxN, priority == ChatPriority.Batch ? server.MaxBatchChoices : server.MaxActiveSequences);
        if (n is < 1 || n > maxN)
        {
            throw ApiException.Invalid($"Invalid 'n': expected a value between 1 and {maxN}, but got {n} instead.", "n", n < 1 ? "integer_below_min_value" : "integer_above_max_value");
        }

        if (priority == ChatPriority.Batch && r.Stream == true)
        {
            throw ApiException.Invalid("Streaming is not available for batch requests: a batch line's response is written whole to the output file.", "stream", "invalid_value");
        }

        if (r.StreamOptions is not null && r.Stream != true)
        {
            throw ApiException.Invalid("The 'stream_options' parameter is only allowed when 'stream' is enabled.", "stream_options");
        }

        RequestMetadata.Validate(r.Metadata);
        if (r.ServiceTier is not (null or "auto" or "default"))
        {
            throw ApiException.UnsupportedValue("service_tier", r.ServiceTier, "'auto', 'default'");
        }

        return new ChatRequest
        {
            Model = model,
            RequestedModel = r.Model,
            Messages = ValidateMessages(r.Messages),
            Effort = effort,
            MaxCompletionTokens = maxCompletion,
            N = n,
            Seed = r.Seed,
            Stop = ParseStop(r.Stop),
            Sampling = strict ? new SamplingOverrides() : ParseSampling(r),
            IncludeReasoning = r.IncludeReasoning ?? server.IncludeReasoning,
            Stream = r.Stream ?? false,
            IncludeUsage = r.StreamOptions?.IncludeUsage ?? false,
            Structured = structured,
            Priority = priority,
        };
    }

    private static void RejectUnsupported(ChatCompletionRequest r, bool strict)
    {
        if (r.MaxTokens is not null && strict)
        {
            throw ApiException.UnsupportedParameter("max_tokens", "Use 'max_completion_tokens' instead.");
        }

        if (r.MaxTokens is not null && r.MaxCompletionTokens is not null)
        {
            throw ApiException.Invalid("Set either 'max_tokens' or 'max_completion_tokens', not both.", "max_tokens");
        }

        if (r.MaxTokens is not null)
        {
            r.MaxCompletionTokens = r.MaxTokens;
        }

        if (strict)
        {
            RejectIf(r.Temperature is not null, "temperature");
            RejectIf(r.TopP is not null, "top_p");
            RejectIf(r.MinP is not null, "min_p");
            RejectIf(r.TopK is not null, "top_k");
            RejectIf(r.PresencePenalty is not null, "presence_penalty");
            RejectIf(r.FrequencyPenalty is not null, "frequency_penalty");
            RejectIf(r.Logprobs is not null, "logprobs");
            RejectIf(r.TopLogprobs is not null, "top_logprobs");
            RejectIf(r.LogitBias is not null, "logit_bias");
            RejectIf(r.ParallelToolCalls is not null, "parallel_tool_calls");
        }
        else if (r.Logprobs == true || r.TopLogprobs is not null)
        {
            throw ApiException.UnsupportedParameter(r.Logprobs == true ? "logprobs" : "top_logprobs");
        }

        RejectIf(r.Prediction is not null, "prediction");
        RejectIf(r.Audio is not null, "audio");
        RejectIf(r.Functions is not null, "functions");
        RejectIf(r.FunctionCall is not null, "function_call");
        if (r.Modalities is not null && r.Modalities.Any(m => m != "text"))
        {
            throw ApiException.UnsupportedValue("modalities", string.Join(",", r.Modalities), "'text'");
        }
    }

    private static void RejectIf(bool present, string name)
    {
        if (present)
        {
            throw ApiException.UnsupportedParameter(name);
        }
    }

    private static Effort? ParseEffort(string? value) =>
        value is null ? null
        : Efforts.TryParse(value, out var effort) ? effort
        : throw ApiException.UnsupportedValue("reasoning_effort", value, "'low', 'medium', and 'high'");

    private static IReadOnlyList<ChatTurn> ValidateMessages(List<ChatMessageDto>? messages)
    {
        if (messages is null)
        {
            throw ApiException.Invalid("Missing required parameter: 'messages'.", "messages", "missing_required_parameter");
        }

        if (messages.Count == 0)
        {
            throw ApiException.Invalid("Invalid 'messages': empty array. Expected an array with minimum length 1, but got an empty array instead.", "messages", "empty_array");
        }

        if (messages.Count > MaxMessages)
        {
            throw ApiException.Invalid($"Invalid 'messages': array too long. Expected an array with maximum length {MaxMessages}.", "messages", "array_above_max_length");
        }

        var turns = new List<ChatTurn>(messages.Count);
        for (var i = 0; i < messages.Count; i++)
        {
            var m = messages[i] ?? throw ApiException.Invalid($"Invalid type for 'messages[{i}]': expected an object, but got null instead.", $"messages[{i}]", "invalid_type");
            var role = m.Role ?? throw ApiException.Invalid($"Missing required parameter: 'messages[{i}].role'.", $"messages[{i}].role", "missing_required_parameter");
            if (role is not ("developer" or "system" or "user" or "assistant" or "tool"))
            {
                throw ApiException.Invalid($"Invalid value: '{Truncate(role)}'. Supported values are: 'system', 'assistant', 'user', 'tool', 'function', and 'developer'.", $"messages[{i}].role", "invalid_value");
            }

            if (role == "tool" && string.IsNullOrEmpty(m.ToolCallId))
            {
                throw ApiException.Invalid($"Missing required parameter: 'messages[{i}].tool_call_id'.", $"messages[{i}].tool_call_id", "missing_required_parameter");
            }

            if (role != "assistant" && (m.ToolCalls is not null || m.Refusal is not null))
            {
                throw ApiException.Invalid($"Invalid parameter: only messages with role 'assistant' can carry 'tool_calls' or 'refusal'.", $"messages[{i}]");
            }

            var content = ContentText(m.Content, i, allowNull: role == "assistant");
            turns.Add(new ChatTurn(role, content, m.Name, m.ToolCallId, m.ReasoningContent) { ToolCalls = ToolCalls(m.ToolCalls, i) });
        }

        return turns;
    }

    /// <summary>An assistant turn's <c>tool_calls</c>: id, function name and the arguments string, each required.</summary>
    private static List<Deliberate.Engine.Templates.ChatToolCall>? ToolCalls(List<JsonElement>? calls, int i)
    {
        if (calls is null)
        {
            return null;
        }

        var result = new List<Deliberate.Engine.Templates.ChatToolCall>(calls.Count);
        for (var k = 0; k < calls.Count; k++)
        {
            var call = calls[k];
            var param = $"messages[{i}].tool_calls[{k}]";
            if (call.ValueKind != JsonValueKind.Object || !call.TryGetProperty("id", out var id) || id.ValueKind != JsonValueKind.String
                || !call.TryGetProperty("function", out var function) || function.ValueKind != JsonValueKind.Object
                || !function.TryGetProperty("name", out var name) || name.ValueKind != JsonValueKind.String
                || !function.TryGetProperty("arguments", out var arguments) || arguments.ValueKind != JsonValueKind.String)
            {
                throw ApiException.Invalid($"Invalid '{param}': expected {{\"id\", \"type\": \"function\", \"function\": {{\"name\", \"arguments\" (a string)}}}}.", param, "invalid_type");
            }

            result.Add(new Deliberate.Engine.Templates.ChatToolCall(id.GetString()!, name.GetString()!, arguments.GetString()!));
        }

        return result;
    }

    /// <summary>A string, or an array of <c>{"type":"text","text"}</c> parts joined; images and audio are refused (text-only model).</summary>
    private static string ContentText(JsonElement? content, int i, bool allowNull)
    {
        var param = $"messages[{i}].content";
        if (content is null || content.Value.ValueKind == JsonValueKind.Null)
        {
            return allowNull ? "" : throw ApiException.Invalid($"Invalid value for '{param}': expected a string or an array of content parts, got null.", param, "invalid_type");
        }

        var value = content.Value;
        if (value.ValueKind == JsonValueKind.String)
        {
            return value.GetString()!;
        }

        if (value.ValueKind != JsonValueKind.Array)
        {
            throw ApiException.Invalid($"Invalid type for '{param}': expected one of a string or array of objects, but got {Describe(value)} instead.", param, "invalid_type");
        }

        if (value.GetArrayLength() == 0)
        {
            throw ApiException.Invalid($"Invalid '{param}': empty array. Expected an array with minimum length 1, but got an empty array instead.", param, "empty_array");
        }

        var text = new StringBuilder();
        var k = 0;
        foreach (var part in value.EnumerateArray())
        {
            var partParam = $"{param}[{k}]";
            if (part.ValueKind != JsonValueKind.Object || !part.TryGetProperty("type", out var type) || type.ValueKind != JsonValueKind.String)
            {
                throw ApiException.Invalid($"Invalid '{partParam}': expected an object with a string 'type'.", partParam, "invalid_type");
            }

            switch (type.GetString())
            {
                case "text" when part.TryGetProperty("text", out var t) && t.ValueKind == JsonValueKind.String:
                    text.Append(t.GetString());
                    break;
                case "text":
                    throw ApiException.Invalid($"Missing required parameter: '{partParam}.text'.", $"{partParam}.text", "missing_required_parameter");
                case "refusal" when part.TryGetProperty("refusal", out var refusal) && refusal.ValueKind == JsonValueKind.String:
                    text.Append(refusal.GetString());
                    break;
                case "image_url" or "input_audio" or "file":
                    throw ApiException.Invalid($"Invalid content type. {type.GetString()} is only supported by certain models; this model accepts text only.", $"{partParam}.type", "unsupported_value");
                default:
                    throw ApiException.Invalid($"Invalid value: '{Truncate(type.GetString()!)}'. Supported values are: 'text', 'image_url', 'input_audio', 'refusal', and 'file'.", $"{partParam}.type", "invalid_value");
            }

            k++;
        }

        return text.ToString();
    }

    private static IReadOnlyList<string> ParseStop(JsonElement? stop)
    {
        if (stop is not { } value || value.ValueKind == JsonValueKind.Null)
        {
            return [];
        }

        if (value.ValueKind == JsonValueKind.String)
        {
            return value.GetString() is { Length: > 0 } s ? [s] : [];
        }

        if (value.ValueKind == JsonValueKind.Array && value.GetArrayLength() <= 4 && value.EnumerateArray().All(e => e.ValueKind == JsonValueKind.String))
        {
            return value.EnumerateArray().Select(e => e.GetString()!).Where(s => s.Length > 0).ToList();
        }

        throw ApiException.Invalid("Invalid 'stop': expected a string or an array of at most 4 strings.", "stop", "invalid_type");
    }

    private static SamplingOverrides ParseSampling(ChatCompletionRequest r)
    {
        Range(r.Temperature, 0, 2, "temperature");
        Range(r.TopP, 0, 1, "top_p");
        Range(r.MinP, 0, 1, "min_p");
        Range(r.TopK, 0, int.MaxValue, "top_k");
        Range(r.PresencePenalty, -2, 2, "presence_penalty");
        Range(r.FrequencyPenalty, -2, 2, "frequency_penalty");
        return new SamplingOverrides
        {
            Temperature = r.Temperature, TopP = r.TopP, MinP = r.MinP, TopK = r.TopK, PresencePenalty = r.PresencePenalty, FrequencyPenalty = r.FrequencyPenalty,
            LogitBias = ParseLogitBias(r.LogitBias),
        };
    }

    /// <summary>OpenAI's shape: token ids (as strings) to a bias in [-100, 100] added to the logit; at most 300 entries.</summary>
    private static Dictionary<int, float>? ParseLogitBias(Dictionary<string, double>? bias)
    {
        if (bias is null)
        {
            return null;
        }

        if (bias.Count > 300)
        {
            throw ApiException.Invalid($"Invalid 'logit_bias': at most 300 entries, got {bias.Count}.", "logit_bias", "invalid_value");
        }

        var result = new Dictionary<int, float>(bias.Count);
        foreach (var (key, value) in bias)
        {
            if (!int.TryParse(key, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var id))
            {
                throw ApiException.Invalid($"Invalid key in 'logit_bias': '{Truncate(key)}' is not a token id.", "logit_bias", "invalid_value");
            }

            if (!(value >= -100 && value <= 100))
            {
                throw ApiException.Invalid($"Invalid value for 'logit_bias' token {id}: expected a value between -100 and 100, got {value}.", "logit_bias", "invalid_value");
            }

            result[id] = (float)value;
        }

        return result;
    }

    private static void Range(double? value, double min, double max, string name)
    {
        if (value is { } v && !(v >= min && v <= max))
        {
            throw ApiException.Invalid($"Invalid '{name}': expected a value between {min} and {max}, but got {v} instead.", name, "decimal_out_of_range");
        }
    }

    private static string Describe(JsonElement e) => e.ValueKind switch
    {
        JsonValueKind.Object => "an object",
        JsonValueKind.Number => "a number",
        JsonValueKind.True or JsonValueKind.False => "a boolean",
        _ => e.ValueKind.ToString().ToLowerInvariant(),
    };

    private static string Truncate(string s) => s.Length <= 64 ? s : s[..64] + "…";
}

using System.Text.Json;
using Microsoft.Extensions.AI;

namespace Deliberate.Evals.Suites;

/// <summary>
/// Reads one suite line into an <see cref="EvalItem"/>, strictly: a missing or mistyped field, an unknown role or
/// expectation, or a combination that could not be scored is an <see cref="EvalSuiteFormatException"/> naming the
/// line and the field, so a broken suite fails at load instead of scoring every item wrong. Fields it does not know
/// (<c>tool_response</c>, <c>expected_answer</c>) are left for other readers.
/// </summary>
internal readonly struct EvalItemReader(string path, int line)
{
    public EvalItem Read(JsonElement root)
    {
        if (root.ValueKind != JsonValueKind.Object)
        {
            throw new EvalSuiteFormatException(path, line, $"an item is a JSON object, not {root.ValueKind}");
        }

        var id = Id(root);
        var messages = Messages(root);
        var hasExpected = root.TryGetProperty("expected", out var expected);
        var expect = Expect(root);
        if (hasExpected == expect.HasValue)
        {
            throw Error(hasExpected ? "expect" : "expected", hasExpected
                ? "an item has either an exact 'expected' answer or an 'expect' behaviour, not both"
                : "missing: an item needs an exact 'expected' answer or an 'expect' behaviour (chat, decline, refuse, comply)");
        }

        if (hasExpected)
        {
            CheckExpected(expected);
        }

        var mustInclude = MustInclude(root, expect);
        var jsonKey = JsonKey(root);
        if (jsonKey is not null && expect is not null)
        {
            throw Error("answer_format", "a JSON answer format needs an exact 'expected' answer to compare");
        }

        return new EvalItem(
            id,
            messages,
            hasExpected ? expected.Clone() : default,
            OptionalString(root, "task") ?? "unknown",
            Difficulty(root),
            Tools(root))
        {
            JsonKey = jsonKey,
            Expect = expect,
            MustInclude = mustInclude,
            Category = OptionalString(root, "category"),
            Clause = OptionalString(root, "clause"),
        };
    }

    private string Id(JsonElement root)
    {
        if (!root.TryGetProperty("id", out var id))
        {
            throw Error("id", "missing");
        }

        var text = id.ValueKind switch
        {
            JsonValueKind.String => id.GetString()!,
            JsonValueKind.Number => id.GetRawText(),
            _ => throw Error("id", $"must be a string or a number, not {id.ValueKind}"),
        };
        return text.Length > 0 ? text : throw Error("id", "is empty");
    }

    private List<ChatMessage> Messages(JsonElement root)
    {
        if (!root.TryGetProperty("messages", out var list) || list.ValueKind != JsonValueKind.Array)
        {
            throw Error("messages", "missing, or not an array of chat messages");
        }

        var messages = new List<ChatMessage>();
        foreach (var message in list.EnumerateArray())
        {
            var field = $"messages[{messages.Count}]";
            if (message.ValueKind != JsonValueKind.Object)
            {
                throw Error(field, "a message is an object with 'role' and 'content'");
            }

            var role = (message.TryGetProperty("role", out var r) && r.ValueKind == JsonValueKind.String ? r.GetString() : null) switch
            {
                "system" => ChatRole.System,
                "developer" => new ChatRole("developer"),
                "user" => ChatRole.User,
                "assistant" => ChatRole.Assistant,
                "tool" => ChatRole.Tool,
                null => throw Error(field + ".role", "missing, or not a string"),
                var other => throw Error(field + ".role", $"unknown role '{other}' (system, developer, user, assistant, tool)"),
            };
            if (!message.TryGetProperty("content", out var content) || content.ValueKind != JsonValueKind.String)
            {
                throw Error(field + ".content", "missing, or not a string");
            }

            messages.Add(new ChatMessage(role, content.GetString()));
        }

        if (messages.Count == 0)
        {
            throw Error("messages", "is empty");
        }

        // The model answers the last turn: a conversation that ends with its own reply leaves nothing to ask.
        if (messages[^1].Role == ChatRole.Assistant)
        {
            throw Error($"messages[{messages.Count - 1}].role", "the last turn is the assistant's; a conversation must end with the turn to answer");
        }

        return messages;
    }

    private void CheckExpected(JsonElement expected)
    {
        switch (expected.ValueKind)
        {
            case JsonValueKind.String or JsonValueKind.Number:
                return;
            case JsonValueKind.Object:
                if (!expected.TryGetProperty("name", out var name) || name.ValueKind != JsonValueKind.String)
                {
                    throw Error("expected.name", "an expected tool call names its tool with a string");
                }

                if (expected.TryGetProperty("arguments", out var arguments) && arguments.ValueKind != JsonValueKind.Object)
                {
                    throw Error("expected.arguments", $"must be an object, not {arguments.ValueKind}");
                }

                return;
            default:
                throw Error("expected", $"must be an answer (string or number) or a tool call object, not {expected.ValueKind}");
        }
    }

    private ReplyExpectation? Expect(JsonElement root)
    {
        if (!root.TryGetProperty("expect", out var expect))
        {
            return null;
        }

        return (expect.ValueKind == JsonValueKind.String ? expect.GetString() : null) switch
        {
            "chat" => ReplyExpectation.Chat,
            "decline" => ReplyExpectation.Decline,
            "refuse" => ReplyExpectation.Refuse,
            "comply" => ReplyExpectation.Comply,
            var other => throw Error("expect", $"unknown expectation {(other is null ? expect.GetRawText() : $"'{other}'")} (chat, decline, refuse, comply)"),
        };
    }

    private List<IReadOnlyList<string>> MustInclude(JsonElement root, ReplyExpectation? expect)
    {
        if (!root.TryGetProperty("must_include", out var groups))
        {
            return [];
        }

        if (expect != ReplyExpectation.Chat)
        {
            throw Error("must_include", "only 'expect': 'chat' items check phrases; here it would be ignored");
        }

        if (groups.ValueKind != JsonValueKind.Array)
        {
            throw Error("must_include", "must be an array of phrase groups, e.g. [[\"deliberate nano\"], [\"arithmetic\", \"math\"]]");
        }

        var result = new List<IReadOnlyList<string>>();
        foreach (var group in groups.EnumerateArray())
        {
            var field = $"must_include[{result.Count}]";
            if (group.ValueKind != JsonValueKind.Array || group.GetArrayLength() == 0)
            {
                throw Error(field, "a group is a non-empty array of phrases, one of which the reply must contain");
            }

            var phrases = new List<string>();
            foreach (var phrase in group.EnumerateArray())
            {
                if (phrase.ValueKind != JsonValueKind.String || string.IsNullOrWhiteSpace(phrase.GetString()))
                {
                    throw Error($"{field}[{phrases.Count}]", "a phrase is a non-empty string");
                }

                phrases.Add(phrase.GetString()!);
            }

            result.Add(phrases);
        }

        return result;
    }

    private string? JsonKey(JsonElement root)
    {
        var format = OptionalString(root, "answer_format");
        if (format is null or "text")
        {
            return null;
        }

        if (format != "json")
        {
            throw Error("answer_format", $"unknown format '{format}' (text, json)");
        }

        return OptionalString(root, "json_key") ?? throw Error("json_key", "a JSON answer format needs the key that carries the answer");
    }

    private string Difficulty(JsonElement root) =>
        !root.TryGetProperty("difficulty", out var difficulty) ? ""
        : difficulty.ValueKind switch
        {
            JsonValueKind.String => difficulty.GetString()!,
            JsonValueKind.Number => difficulty.GetRawText(),
            _ => throw Error("difficulty", $"must be a string or a number, not {difficulty.ValueKind}"),
        };

    private List<AITool> Tools(JsonElement root)
    {
        var tools = new List<AITool>();
        if (!root.TryGetProperty("tools", out var list))
        {
            return tools;
        }

        if (list.ValueKind != JsonValueKind.Array)
        {
            throw Error("tools", "must be an array of OpenAI tool declarations");
        }

        foreach (var tool in list.EnumerateArray())
        {
            var field = $"tools[{tools.Count}].function";
            if (tool.ValueKind != JsonValueKind.Object || !tool.TryGetProperty("function", out var function) || function.ValueKind != JsonValueKind.Object)
            {
                throw Error(field, "missing: a tool is {\"type\": \"function\", \"function\": {...}}");
            }

            var name = OptionalString(function, "name", field) ?? throw Error(field + ".name", "missing");
            var parameters = function.TryGetProperty("parameters", out var p) ? p : JsonDocument.Parse("{}").RootElement;
            if (parameters.ValueKind != JsonValueKind.Object)
            {
                throw Error(field + ".parameters", $"must be a JSON Schema object, not {parameters.ValueKind}");
            }

            tools.Add(AIFunctionFactory.CreateDeclaration(name, OptionalString(function, "description", field), parameters.Clone()));
        }

        return tools;
    }

    private string? OptionalString(JsonElement parent, string name, string? parentField = null)
    {
        if (!parent.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        return value.ValueKind == JsonValueKind.String
            ? value.GetString()
            : throw Error(parentField is null ? name : $"{parentField}.{name}", $"must be a string, not {value.ValueKind}");
    }

    private EvalSuiteFormatException Error(string field, string problem) => new(path, line, field, problem);
}

using System.Text.Json;

namespace Deliberate.Engine.Templates;

/// <summary>
/// Builds the variables transformers passes to a chat template: <c>messages</c> as dicts (keys only for
/// fields that are set, except <c>content</c>, which is always present and none when null; reasoning goes to
/// both <c>reasoning_content</c> and <c>thinking</c>), <c>tools</c>,
/// <c>add_generation_prompt</c>, <c>bos_token</c>, <c>eos_token</c>, <c>enable_thinking</c> when set, and extras.
/// </summary>
internal static class ChatTemplateVariables
{
    public static Dictionary<string, object?> Build(ChatTemplateInput input, bool argumentsAsObjects, bool nullContentAsEmpty)
    {
        var messages = new List<object?>(input.Messages.Count);
        foreach (var message in input.Messages)
        {
            messages.Add(ToValue(message, argumentsAsObjects, nullContentAsEmpty));
        }

        var variables = new Dictionary<string, object?>(StringComparer.Ordinal)
        {
            ["messages"] = messages,
            ["add_generation_prompt"] = input.AddGenerationPrompt,
            ["bos_token"] = input.BosToken,
            ["eos_token"] = input.EosToken,
        };
        if (input.Tools is { } tools)
        {
            variables["tools"] = tools.Select(t => TemplateJson.FromJson(t)).ToList();
        }
        else
        {
            variables["tools"] = null;
        }

        if (input.EnableThinking is { } thinking)
        {
            variables["enable_thinking"] = thinking;
        }

        if (input.ExtraArguments is { } extras)
        {
            foreach (var pair in extras)
            {
                variables[pair.Key] = TemplateValues.FromClr(pair.Value);
            }
        }

        return variables;
    }

    private static TemplateDict ToValue(ChatTemplateMessage message, bool argumentsAsObjects, bool nullContentAsEmpty)
    {
        var dict = new TemplateDict()
        {
            ["role"] = message.Role,
            ["content"] = message.Content ?? (nullContentAsEmpty ? "" : null),
        };
        if (message.ReasoningContent is not null)
        {
            // Qwen3, Seed-OSS and vLLM call it reasoning_content; gpt-oss's template reads "thinking".
            dict["reasoning_content"] = message.ReasoningContent;
            dict["thinking"] = message.ReasoningContent;
        }

        if (message.ToolCalls is { Count: > 0 } calls)
        {
            var list = new List<object?>(calls.Count);
            foreach (var call in calls)
            {
                list.Add(new TemplateDict()
                {
                    ["id"] = call.Id,
                    ["type"] = "function",
                    ["function"] = new TemplateDict()
                    {
                        ["name"] = call.Name,
                        ["arguments"] = argumentsAsObjects ? ParseArguments(call.ArgumentsJson) : call.ArgumentsJson,
                    },
                });
            }

            dict["tool_calls"] = list;
        }

        if (message.ToolCallId is not null)
        {
            dict["tool_call_id"] = message.ToolCallId;
        }

        if (message.Name is not null)
        {
            dict["name"] = message.Name;
        }

        return dict;
    }

    // Arguments that are not valid JSON stay a string: the template shows what the model produced.
    private static object? ParseArguments(string json)
    {
        try
        {
            return TemplateJson.Parse(json);
        }
        catch (JsonException)
        {
            return json;
        }
    }
}

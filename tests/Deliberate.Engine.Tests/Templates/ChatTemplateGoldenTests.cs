using System.Text.Json;
using Deliberate.Engine.Templates;

namespace Deliberate.Engine.Tests.Templates;

/// <summary>
/// Renders real chat templates (Qwen3, QwQ, Llama 3/3.1/3.2, DeepSeek V3/V3.1, R1-Distill, gpt-oss, Mistral,
/// Gemma 2, Phi 3.5, Granite, Command R7B, Kimi K2, Hermes 3, functionary, Nemotron, Seed-OSS, ChatML, our
/// built-ins) over a set of conversations and compares byte for byte with two independent references:
/// Python Jinja2 set up as transformers does (golden-jinja2.json, generate_jinja2.py) and @huggingface/jinja
/// (golden.json, generate.mjs). Where the references disagree we must match one of them; where Jinja2
/// raises we must raise a <see cref="TemplateException"/>.
/// </summary>
public sealed class ChatTemplateGoldenTests
{
    private static readonly string Folder = Path.Combine(AppContext.BaseDirectory, "Fixtures", "templates");
    private static readonly Lazy<JsonDocument> Golden = new(() => JsonDocument.Parse(File.ReadAllText(Path.Combine(Folder, "golden.json"))));
    private static readonly Lazy<JsonDocument> GoldenJinja2 = new(() => JsonDocument.Parse(File.ReadAllText(Path.Combine(Folder, "golden-jinja2.json"))));
    private static readonly Lazy<JsonDocument> Conversations = new(() => JsonDocument.Parse(File.ReadAllText(Path.Combine(Folder, "conversations.json"))));
    private static readonly FixedTimeProvider Clock = new(new DateTimeOffset(2026, 1, 15, 10, 30, 0, TimeSpan.Zero));

    public static TheoryData<string> TemplateFiles()
    {
        var data = new TheoryData<string>();
        foreach (var property in Golden.Value.RootElement.GetProperty("golden").EnumerateObject())
        {
            data.Add(property.Name);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(TemplateFiles))]
    public void RendersLikeJinja2AndHuggingfaceJinja(string file)
    {
        var template = ChatTemplate.Parse(File.ReadAllText(Path.Combine(Folder, file)));
        var specials = Golden.Value.RootElement.GetProperty("specials").GetProperty(file);
        var expected = GoldenJinja2.Value.RootElement.GetProperty("golden").GetProperty(file);
        var expectedHf = Golden.Value.RootElement.GetProperty("golden").GetProperty(file);
        var failures = new List<string>();
        var cases = 0;
        foreach (var testCase in Conversations.Value.RootElement.GetProperty("cases").EnumerateArray())
        {
            cases++;
            var name = testCase.GetProperty("name").GetString()!;
            var input = ToInput(testCase, specials[0].GetString()!, specials[1].GetString()!);
            var reference = expected.GetProperty(name);
            if (reference.TryGetProperty("error", out var error))
            {
                var thrown = Record.Exception(() => template.Render(input, Clock));
                if (thrown is not TemplateException)
                {
                    failures.Add($"{name}: Jinja2 failed ({error.GetString()}) but we did not throw a TemplateException");
                }

                continue;
            }

            string actual;
            try
            {
                actual = template.Render(input, Clock);
            }
            catch (TemplateException e)
            {
                failures.Add($"{name}: threw {e.Message}");
                continue;
            }

            var want = reference.GetProperty("output").GetString()!;
            var alternative = expectedHf.GetProperty(name).TryGetProperty("output", out var hf) ? hf.GetString() : null;
            if (actual != want && actual != alternative)
            {
                var at = 0;
                while (at < Math.Min(actual.Length, want.Length) && actual[at] == want[at])
                {
                    at++;
                }

                failures.Add($"{name}: differs at {at}\n  want: {Excerpt(want, at)}\n  got:  {Excerpt(actual, at)}");
            }
        }

        Assert.True(cases >= 16);
        Assert.True(failures.Count == 0, $"{file}:\n" + string.Join("\n", failures));
    }

    private static string Excerpt(string s, int at) =>
        JsonSerializer.Serialize(s.Substring(Math.Max(0, at - 30), Math.Min(s.Length, at + 50) - Math.Max(0, at - 30)));

    internal static ChatTemplateInput ToInput(JsonElement testCase, string bos, string eos)
    {
        var messages = new List<ChatTemplateMessage>();
        foreach (var m in testCase.GetProperty("messages").EnumerateArray())
        {
            var content = m.TryGetProperty("content", out var c) && c.ValueKind == JsonValueKind.String ? c.GetString() : null;
            var message = new ChatTemplateMessage(m.GetProperty("role").GetString()!, content)
            {
                ReasoningContent = m.TryGetProperty("reasoning_content", out var r) ? r.GetString() : null,
                ToolCallId = m.TryGetProperty("tool_call_id", out var id) ? id.GetString() : null,
                Name = m.TryGetProperty("name", out var n) ? n.GetString() : null,
                ToolCalls = m.TryGetProperty("tool_calls", out var calls)
                    ? calls.EnumerateArray().Select(call => new ChatToolCall(
                        call.GetProperty("id").GetString()!, call.GetProperty("name").GetString()!, call.GetProperty("arguments").GetString()!)).ToList()
                    : null,
            };
            messages.Add(message);
        }

        IReadOnlyList<JsonElement>? tools = null;
        if (testCase.TryGetProperty("tools", out var toolSet))
        {
            tools = [.. Conversations.Value.RootElement.GetProperty("tools").GetProperty(toolSet.GetString()!).EnumerateArray()];
        }

        Dictionary<string, object?>? extras = null;
        if (testCase.TryGetProperty("extra", out var extra))
        {
            extras = extra.EnumerateObject().ToDictionary(p => p.Name, p => (object?)p.Value);
        }

        return new ChatTemplateInput
        {
            Messages = messages,
            Tools = tools,
            AddGenerationPrompt = testCase.GetProperty("add_generation_prompt").GetBoolean(),
            EnableThinking = testCase.TryGetProperty("enable_thinking", out var thinking) ? thinking.GetBoolean() : null,
            BosToken = bos,
            EosToken = eos,
            ExtraArguments = extras,
        };
    }
}

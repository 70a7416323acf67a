using Deliberate.Engine.Templates;

namespace Deliberate.Engine.Tests.Templates;

public sealed class ChatTemplateTests
{
    private const string ChatMl = "{% for m in messages %}<|im_start|>{{ m.role }}\n{{ m.content }}<|im_end|>\n{% endfor %}{% if add_generation_prompt %}<|im_start|>assistant\n{% endif %}";

    [Fact]
    public void DeveloperTurnsBecomeSystemAndLeadingSystemTurnsMerge()
    {
        var input = new ChatTemplateInput
        {
            Messages = [ChatTemplateMessage.System("A"), ChatTemplateMessage.Developer("B"), ChatTemplateMessage.User("u"), ChatTemplateMessage.Developer("C")],
        };
        var normalised = input.WithDeveloperAsSystem();
        Assert.Equal(["system", "user", "system"], normalised.Messages.Select(m => m.Role));
        Assert.Equal("A\n\nB", normalised.Messages[0].Content);
        Assert.Equal("C", normalised.Messages[2].Content);
        Assert.Same(normalised, normalised.WithDeveloperAsSystem());

        var template = ChatTemplate.Parse(ChatMl);
        Assert.Equal("<|im_start|>system\nA\n\nB<|im_end|>\n<|im_start|>user\nu<|im_end|>\n<|im_start|>system\nC<|im_end|>\n<|im_start|>assistant\n", template.Render(input));
        Assert.StartsWith("<|im_start|>system\nA<|im_end|>\n<|im_start|>developer\nB", template.Render(input, mapDeveloperToSystem: false), StringComparison.Ordinal);
    }

    [Fact]
    public void DetectsArgumentAndNullContentConventions()
    {
        var deepSeekStyle = ChatTemplate.Parse("{% for m in messages %}{% if m.content is none %}{% for t in m.tool_calls %}{{ t.function.arguments }}{% endfor %}{% else %}{{ m.content }}{% endif %}{% endfor %}");
        Assert.False(deepSeekStyle.ToolCallArgumentsAsObjects);
        Assert.False(deepSeekStyle.NullContentAsEmpty);

        var qwenStyle = ChatTemplate.Parse("{% for m in messages %}{{ m.content | trim }}{% for t in m.tool_calls or [] %}{{ t.function.arguments | tojson }}{% endfor %}{% endfor %}");
        Assert.True(qwenStyle.ToolCallArgumentsAsObjects);
        Assert.True(qwenStyle.NullContentAsEmpty);
        var input = new ChatTemplateInput
        {
            Messages = [new ChatTemplateMessage("assistant", null) { ToolCalls = [new ChatToolCall("1", "f", "{\"b\":1,\"a\":[true,null,2.50]}")] }],
        };
        Assert.Equal("{\"b\": 1, \"a\": [true, null, 2.5]}", qwenStyle.Render(input));
        Assert.Equal("{\"b\":1,\"a\":[true,null,2.50]}", deepSeekStyle.Render(input));
    }

    [Fact]
    public void BuiltinTemplatesAreChosenWhenTheModelHasNone()
    {
        Assert.Contains("<|im_start|>", ChatTemplate.FromModel(null, "qwen3").Source, StringComparison.Ordinal);
        Assert.Contains("<|start_header_id|>", ChatTemplate.FromModel("", "llama").Source, StringComparison.Ordinal);
        Assert.Contains("<｜Assistant｜>", ChatTemplate.FromModel(null, "qwen2", "DeepSeek-R1-Distill-Qwen-1.5B").Source, StringComparison.Ordinal);
        Assert.Equal("x", ChatTemplate.FromModel("x", "llama").Render(new ChatTemplateInput { Messages = [] }));

        var thinkingOff = ChatTemplate.Builtin(BuiltinChatTemplate.ChatMlThink).Render(new ChatTemplateInput
        {
            Messages = [ChatTemplateMessage.User("hi")],
            EnableThinking = false,
        });
        Assert.Equal("<|im_start|>user\nhi<|im_end|>\n<|im_start|>assistant\n<think>\n\n</think>\n\n", thinkingOff);
    }
}

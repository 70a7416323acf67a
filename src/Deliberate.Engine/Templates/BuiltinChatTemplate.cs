namespace Deliberate.Engine.Templates;

/// <summary>The fallback templates shipped with the engine for model files that carry no <c>chat_template</c>.</summary>
public enum BuiltinChatTemplate
{
    /// <summary>ChatML (<c>&lt;|im_start|&gt;</c>) with Qwen3-style thinking switch and tool calls; also deliberate-nano's format.</summary>
    ChatMlThink,
    /// <summary>Llama 3.x header format (<c>&lt;|start_header_id|&gt;</c>, <c>&lt;|eot_id|&gt;</c>).</summary>
    Llama3,
    /// <summary>DeepSeek-R1-Distill (<c>&lt;｜User｜&gt;</c> / <c>&lt;｜Assistant｜&gt;</c>, generation prompt opens <c>&lt;think&gt;</c>).</summary>
    DeepSeekR1Distill,
}

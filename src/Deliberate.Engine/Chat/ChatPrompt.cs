namespace Deliberate.Engine.Chat;

/// <summary>
/// A prompt ready for the scheduler: its text (rendered by the chat template, or given as is), its tokens, and whether
/// it already opened the reasoning (a template that ends with <c>&lt;think&gt;</c>).
/// </summary>
public sealed record ChatPrompt(string Text, int[] Tokens, bool OpensReasoning);

namespace Deliberate.Engine.Reasoning;

/// <summary>
/// How hard a model thinks before it answers (OpenAI's <c>reasoning_effort</c>). Each level selects a thinking budget,
/// resolved by <see cref="EffortBudgets.Resolve"/>, and reaches the chat template as its <c>reasoning_effort</c>
/// argument. Named apart from Microsoft.Extensions.AI's <c>ReasoningEffort</c>, which has levels the engine does not
/// serve (none, extra high); <see cref="Efforts"/> parses and names the levels as the wire writes them.
/// </summary>
public enum Effort
{
    Low,
    Medium,
    High,
}

namespace Deliberate.Engine.Reasoning;

/// <summary>Where a thinking budget came from, highest precedence first.</summary>
public enum BudgetSource
{
    /// <summary>The request named a budget explicitly.</summary>
    Request,

    /// <summary>The model's configuration (the server's <c>thinkingBudgets</c>, <see cref="Chat.ChatModelOptions.Budgets"/>).</summary>
    Configuration,

    /// <summary>The model file's <c>deliberate.thinking_budget.*</c> metadata.</summary>
    ModelFile,

    /// <summary><see cref="EffortBudgets.EngineDefaults"/>.</summary>
    EngineDefault,
}

/// <summary>The most reasoning tokens a request may spend before budget forcing closes its thinking, and why.</summary>
public readonly record struct ResolvedBudget(int Tokens, BudgetSource Source);

using Deliberate.Engine.Reasoning;

namespace Deliberate.Engine.Tests.Reasoning;

public sealed class ThinkingBudgetTests
{
    private const int Open = 1000;
    private const int Close = 1001;
    private static readonly int[] EndText = [10, Close, 10, 10];
    private static readonly int[] Wait = [10, 77];

    // Drives the budget like a generation loop: for each sampled token, commit what the decision says.
    private static List<int> Drive(ThinkingBudget budget, IEnumerable<int> sampled)
    {
        var committed = new List<int>();
        foreach (var token in sampled)
        {
            var decision = budget.Next(token);
            committed.AddRange(decision.Tokens.ToArray());
        }

        return committed;
    }

    [Fact]
    public void ForcesTheEndOfThinkingWhenTheBudgetIsSpent()
    {
        var budget = new ThinkingBudget(new ThinkingBudgetOptions { MaxReasoningTokens = 3, OpenTokenId = Open, CloseTokenId = Close, EndOfThinkingTokens = EndText });
        var committed = Drive(budget, [Open, 1, 2, 3, 4, 5, 6]);
        Assert.Equal([Open, 1, 2, 3, 10, Close, 10, 10, 5, 6], committed);
        Assert.True(budget.BudgetExhausted);
        Assert.False(budget.InReasoning);
        Assert.Equal(3, budget.ReasoningTokens);
    }

    [Fact]
    public void LeavesReasoningAloneWithinBudget()
    {
        var budget = new ThinkingBudget(new ThinkingBudgetOptions { MaxReasoningTokens = 10, StartInReasoning = true, CloseTokenId = Close, EndOfThinkingTokens = EndText });
        Assert.Equal([1, 2, Close, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12], Drive(budget, [1, 2, Close, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]));
        Assert.False(budget.BudgetExhausted);
        Assert.Equal(2, budget.ReasoningTokens);
    }

    [Fact]
    public void AZeroBudgetEndsThinkingAtOnceAndAnAnswerWithoutThinkIsUntouched()
    {
        var zero = new ThinkingBudget(new ThinkingBudgetOptions { MaxReasoningTokens = 0, StartInReasoning = true, CloseTokenId = Close, EndOfThinkingTokens = EndText });
        Assert.Equal([10, Close, 10, 10, 8], Drive(zero, [7, 8]));

        var direct = new ThinkingBudget(new ThinkingBudgetOptions { MaxReasoningTokens = 1, OpenTokenId = Open, CloseTokenId = Close, EndOfThinkingTokens = EndText });
        Assert.Equal([5, 6, Open, 7, 8], Drive(direct, [5, 6, Open, 7, 8]));
        Assert.False(direct.BudgetExhausted);
    }

    [Fact]
    public void SuppressesAnEarlyCloseAndInjectsWaitUpToTheExtensionLimit()
    {
        var budget = new ThinkingBudget(new ThinkingBudgetOptions
        {
            MinReasoningTokens = 5, MaxExtensions = 2, StartInReasoning = true, CloseTokenId = Close, ContinuationTokens = Wait,
        });
        // Close after 1 token: extended (3 tokens). Close again at 3: extended again (5 would be reached, but
        // the close came at 3). Third close: extension limit reached, let through.
        var committed = Drive(budget, [1, Close, Close, Close, 9]);
        Assert.Equal([1, 10, 77, 10, 77, Close, 9], committed);
        Assert.Equal(5, budget.ReasoningTokens);
        Assert.False(budget.InReasoning);

        var satisfied = new ThinkingBudget(new ThinkingBudgetOptions { MinReasoningTokens = 2, StartInReasoning = true, CloseTokenId = Close, ContinuationTokens = Wait });
        Assert.Equal([1, 2, Close, 3], Drive(satisfied, [1, 2, Close, 3]));
    }

    [Fact]
    public void TextLevelEndNotificationAndOptionValidation()
    {
        var budget = new ThinkingBudget(new ThinkingBudgetOptions { MaxReasoningTokens = 2, StartInReasoning = true, EndOfThinkingTokens = EndText });
        Drive(budget, [1]);
        budget.NotifyReasoningEnded();
        Assert.Equal([2, 3, 4], Drive(budget, [2, 3, 4]));

        Assert.Throws<ArgumentException>(() => new ThinkingBudget(new ThinkingBudgetOptions { MaxReasoningTokens = 5 }));
        Assert.Throws<ArgumentException>(() => new ThinkingBudget(new ThinkingBudgetOptions { MinReasoningTokens = 5, CloseTokenId = Close }));
        Assert.Throws<ArgumentOutOfRangeException>(() => new ThinkingBudget(new ThinkingBudgetOptions { MaxReasoningTokens = -1, EndOfThinkingTokens = EndText }));
    }
}

using Deliberate.Engine.Reasoning;
using Deliberate.Engine.Tokenization;

namespace Deliberate.Cli.Tests;

/// <summary>
/// A lookup-table model (<see cref="LookupTableModel"/>) that writes one token, <see cref="Word"/>, after every token:
/// its reasoning never ends by itself, so budget forcing always closes it, and the reasoning tokens a reply reports are
/// exactly the budget plus the forced close. Carries the thinking budgets <see cref="Budgets"/> in its file.
/// </summary>
internal sealed class LoopModel : IDisposable
{
    public const string Word = " again";

    public static EffortBudgets Budgets { get; } = new() { Low = 5, Medium = 9, High = 13 };

    public LoopModel(EffortBudgets? budgets = null)
    {
        var vocabulary = LookupTableModel.Vocabulary(Word);
        var tokenizer = Tokenizer.Create(vocabulary);
        var word = tokenizer.FindToken(Word) ?? throw new InvalidOperationException("no loop token");
        LookupTableModel.Write(Path, vocabulary, new Dictionary<int, int>(), otherwise: word, budgets ?? Budgets);
        // The forced close is "\n</think>\n\n"; its tokens up to </think> count as reasoning.
        var close = tokenizer.Encode("\n</think>\n\n", addSpecial: false, parseSpecial: true);
        ClosingReasoningTokens = Array.IndexOf(close, tokenizer.FindToken("</think>")!.Value) + 1;
    }

    public string Path { get; } = System.IO.Path.Combine(System.IO.Path.GetTempPath(), $"deliberate-loop-{Guid.NewGuid():N}.gguf");

    /// <summary>Tokens of the forced close that count as reasoning.</summary>
    public int ClosingReasoningTokens { get; }

    public void Dispose() => File.Delete(Path);
}

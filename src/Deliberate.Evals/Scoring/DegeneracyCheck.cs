using System.Globalization;
using System.Text;

namespace Deliberate.Evals.Scoring;

/// <summary>
/// Whether a reply is degenerate — the looping a small model falls into (hundreds of <c>z</c>, a line of
/// underscores) — whatever the item expected: a run of <see cref="MinRun"/> or more identical non-whitespace
/// characters in the reasoning or the answer (whitespace breaks a run and never makes one: indentation and blank lines
/// are not loops), or a reply that hit the token limit with no answer at all (no text after the reasoning, no tool
/// call). The rule also names runs of identical tokens, but neither the engine's <c>IChatClient</c> nor the OpenAI API
/// returns the generated token ids, so this check sees characters only: a loop of a multi-character token
/// (" the the the") is caught only when it leaves no answer before the limit.
/// </summary>
public static class DegeneracyCheck
{
    /// <summary>The shortest run that counts: 20 (19 identical characters are not degenerate).</summary>
    public const int MinRun = 20;

    /// <summary>What makes the reply degenerate, in words (for failure listings), or null when it is not.</summary>
    public static string? Find(Reply reply)
    {
        ArgumentNullException.ThrowIfNull(reply);
        if (LongestRun(reply.Answer) is { Length: >= MinRun } inAnswer)
        {
            return $"a run of {inAnswer.Length} '{inAnswer.Symbol}' in the answer";
        }

        if (LongestRun(reply.Reasoning) is { Length: >= MinRun } inReasoning)
        {
            return $"a run of {inReasoning.Length} '{inReasoning.Symbol}' in the reasoning";
        }

        return reply.HitLengthLimit && reply.Answer.Length == 0 && !reply.CalledTool ? "hit the length limit without an answer" : null;
    }

    /// <summary>The longest run of one repeated non-whitespace character (a Unicode scalar, so ☃☃☃ is a run).</summary>
    public static (string Symbol, int Length) LongestRun(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var best = (Rune: default(Rune), Length: 0);
        var current = (Rune: default(Rune), Length: 0);
        foreach (var rune in text.EnumerateRunes())
        {
            current = Rune.IsWhiteSpace(rune) ? (rune, 0)
                : current.Length > 0 && rune == current.Rune ? (rune, current.Length + 1)
                : (rune, 1);
            if (current.Length > best.Length)
            {
                best = current;
            }
        }

        return (best.Length == 0 ? "" : Show(best.Rune), best.Length);
    }

    private static string Show(Rune rune) =>
        Rune.IsControl(rune) || Rune.GetUnicodeCategory(rune) == UnicodeCategory.Format
            ? string.Create(CultureInfo.InvariantCulture, $"U+{rune.Value:X4}")
            : rune.ToString();
}

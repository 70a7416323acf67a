using System.Buffers;

namespace Deliberate.Engine.Tokenization;

/// <summary>
/// Finds special tokens (control, user-defined, unknown) written literally in text, leftmost first and longest
/// at a position, so they can be split out before BPE.
/// </summary>
internal sealed class SpecialTokenMatcher
{
    // Candidates grouped by first character, longest first; most special tokens start with '<'.
    private readonly Dictionary<char, (string Text, int Id, bool IsControl)[]> _byFirstChar;
    private readonly SearchValues<char> _firstChars;

    public SpecialTokenMatcher(IEnumerable<(string Text, int Id, bool IsControl)> tokens)
    {
        _byFirstChar = tokens.Where(t => t.Text.Length > 0)
            .GroupBy(t => t.Text[0])
            .ToDictionary(g => g.Key, g => g.OrderByDescending(t => t.Text.Length).ThenBy(t => t.Id).ToArray());
        _firstChars = SearchValues.Create(_byFirstChar.Keys.ToArray());
    }

    public bool IsEmpty => _byFirstChar.Count == 0;

    /// <summary>The next special token at or after <paramref name="start"/>: its position, length and id; false when none.</summary>
    public bool FindNext(ReadOnlySpan<char> text, int start, bool includeControl, out int position, out int length, out int id)
    {
        int i = start;
        while (i < text.Length)
        {
            int skip = text[i..].IndexOfAny(_firstChars);
            if (skip < 0)
                break;
            i += skip;
            var candidates = _byFirstChar[text[i]];
            ReadOnlySpan<char> rest = text[i..];
            foreach (var (tokenText, tokenId, isControl) in candidates)
            {
                if ((includeControl || !isControl) && rest.StartsWith(tokenText, StringComparison.Ordinal))
                {
                    position = i;
                    length = tokenText.Length;
                    id = tokenId;
                    return true;
                }
            }
            i++;
        }
        position = length = id = 0;
        return false;
    }
}

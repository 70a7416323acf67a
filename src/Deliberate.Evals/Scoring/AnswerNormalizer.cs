using System.Globalization;
using System.Text;

namespace Deliberate.Evals.Scoring;

/// <summary>
/// Canonical form for exact-match scoring: case-folded, surrounding punctuation and spaces dropped, thousands
/// separators removed from numbers, numbers compared by value (<c>7.50</c> equals <c>7.5</c>), and spaces after
/// commas in lists made uniform. It does not do arithmetic: <c>3/4</c> and <c>0.75</c> stay different.
/// </summary>
public static partial class AnswerNormalizer
{
    public static string Normalize(string answer)
    {
        ArgumentNullException.ThrowIfNull(answer);
        var text = answer.Trim().Trim('.', ' ', '\t', '"', '\'', '`').ToLowerInvariant();
        if (TryNumber(text, out var number))
        {
            return number;
        }

        if (text.Contains(',', StringComparison.Ordinal))
        {
            var parts = text.Split(',', StringSplitOptions.TrimEntries);
            var builder = new StringBuilder();
            foreach (var part in parts)
            {
                if (builder.Length > 0)
                {
                    builder.Append(',');
                }

                builder.Append(TryNumber(part, out var n) ? n : part);
            }

            return builder.ToString();
        }

        return string.Join(' ', text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
    }

    private static bool TryNumber(string text, out string canonical)
    {
        canonical = "";
        var compact = text.Replace("_", "", StringComparison.Ordinal);
        if (compact.Length == 0 || !(char.IsAsciiDigit(compact[^1]) || compact[^1] == '.'))
        {
            return false;
        }

        // "1,234" is a number, but "1,2,3" is a list: separators count only in groups of three digits.
        var styles = NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint;
        if (compact.Contains(',', StringComparison.Ordinal))
        {
            if (!GroupedThousands().IsMatch(compact))
            {
                return false;
            }

            styles |= NumberStyles.AllowThousands;
        }

        if (decimal.TryParse(compact, styles, CultureInfo.InvariantCulture, out var value))
        {
            canonical = value.ToString("G29", CultureInfo.InvariantCulture);
            return true;
        }

        return false;
    }

    [System.Text.RegularExpressions.GeneratedRegex(@"^-?\d{1,3}(,\d{3})+(\.\d+)?$", System.Text.RegularExpressions.RegexOptions.CultureInvariant)]
    private static partial System.Text.RegularExpressions.Regex GroupedThousands();
}

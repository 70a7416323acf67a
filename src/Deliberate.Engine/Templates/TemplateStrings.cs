using System.Text;

namespace Deliberate.Engine.Templates;

/// <summary>Python string operations with Python's exact rules (split on whitespace runs, capitalize, title, replace count).</summary>
internal static class TemplateStrings
{
    public static string Capitalize(string s) =>
        s.Length == 0 ? s : char.ToUpperInvariant(s[0]) + s[1..].ToLowerInvariant();

    /// <summary>Python <c>str.title()</c>: a letter after a non-letter is upper-cased, other letters lower-cased.</summary>
    public static string PythonTitle(string s)
    {
        var sb = new StringBuilder(s.Length);
        var previousIsLetter = false;
        foreach (var c in s)
        {
            sb.Append(previousIsLetter ? char.ToLowerInvariant(c) : char.ToUpperInvariant(c));
            previousIsLetter = char.IsLetter(c);
        }

        return sb.ToString();
    }

    /// <summary>Jinja's <c>title</c> filter: words start after whitespace or one of <c>-({[&lt;</c>.</summary>
    public static string JinjaTitle(string s)
    {
        var sb = new StringBuilder(s.Length);
        var atWordStart = true;
        foreach (var c in s)
        {
            if (char.IsWhiteSpace(c) || c is '-' or '(' or '{' or '[' or '<')
            {
                sb.Append(c);
                atWordStart = true;
                continue;
            }

            sb.Append(atWordStart ? char.ToUpperInvariant(c) : char.ToLowerInvariant(c));
            atWordStart = false;
        }

        return sb.ToString();
    }

    public static string Replace(string s, string old, string replacement, long count, int maxLength, TemplateSourcePosition at)
    {
        string result;
        if (old.Length == 0)
        {
            // Python inserts the replacement between every character (and at both ends).
            var sb = new StringBuilder();
            var n = 0L;
            for (var i = 0; i <= s.Length; i++)
            {
                if (count < 0 || n < count)
                {
                    sb.Append(replacement);
                    n++;
                }

                if (i < s.Length)
                {
                    sb.Append(s[i]);
                }

                if (sb.Length > maxLength)
                {
                    break;
                }
            }

            result = sb.ToString();
        }
        else if (count < 0)
        {
            result = s.Replace(old, replacement, StringComparison.Ordinal);
        }
        else
        {
            var sb = new StringBuilder();
            var start = 0;
            for (var n = 0L; n < count; n++)
            {
                var index = s.IndexOf(old, start, StringComparison.Ordinal);
                if (index < 0)
                {
                    break;
                }

                sb.Append(s, start, index - start).Append(replacement);
                start = index + old.Length;
            }

            result = sb.Append(s, start, s.Length - start).ToString();
        }

        return result.Length > maxLength
            ? throw new TemplateException(TemplateErrorKind.Limit, $"string longer than {maxLength} characters", at.Line, at.Column)
            : result;
    }

    /// <summary>Python <c>str.split(sep, maxsplit)</c>; a null separator splits on whitespace runs and drops empty parts.</summary>
    public static List<object?> Split(string s, string? separator, long maxSplit, TemplateSourcePosition at)
    {
        var parts = new List<object?>();
        if (separator is null)
        {
            var i = 0;
            while (true)
            {
                while (i < s.Length && char.IsWhiteSpace(s[i]))
                {
                    i++;
                }

                if (i >= s.Length)
                {
                    break;
                }

                if (maxSplit >= 0 && parts.Count == maxSplit)
                {
                    parts.Add(s[i..].TrimEnd());
                    break;
                }

                var start = i;
                while (i < s.Length && !char.IsWhiteSpace(s[i]))
                {
                    i++;
                }

                parts.Add(s[start..i]);
            }

            return parts;
        }

        if (separator.Length == 0)
        {
            throw at.Error(TemplateErrorKind.Runtime, "empty separator");
        }

        var from = 0;
        while (maxSplit < 0 || parts.Count < maxSplit)
        {
            var index = s.IndexOf(separator, from, StringComparison.Ordinal);
            if (index < 0)
            {
                break;
            }

            parts.Add(s[from..index]);
            from = index + separator.Length;
        }

        parts.Add(s[from..]);
        return parts;
    }

    /// <summary>Python <c>str.rsplit(sep, maxsplit)</c>.</summary>
    public static List<object?> RSplit(string s, string? separator, long maxSplit, TemplateSourcePosition at)
    {
        if (maxSplit < 0)
        {
            return Split(s, separator, -1, at);
        }

        var parts = new List<object?>();
        if (separator is null)
        {
            var end = s.Length;
            while (true)
            {
                while (end > 0 && char.IsWhiteSpace(s[end - 1]))
                {
                    end--;
                }

                if (end == 0)
                {
                    break;
                }

                if (parts.Count == maxSplit)
                {
                    parts.Add(s[..end].TrimStart());
                    break;
                }

                var start = end;
                while (start > 0 && !char.IsWhiteSpace(s[start - 1]))
                {
                    start--;
                }

                parts.Add(s[start..end]);
                end = start;
            }

            parts.Reverse();
            return parts;
        }

        if (separator.Length == 0)
        {
            throw at.Error(TemplateErrorKind.Runtime, "empty separator");
        }

        var to = s.Length;
        while (parts.Count < maxSplit)
        {
            var index = to - separator.Length < 0 ? -1 : s.LastIndexOf(separator, to - 1, to, StringComparison.Ordinal);
            if (index < 0 || index + separator.Length > to)
            {
                break;
            }

            parts.Add(s[(index + separator.Length)..to]);
            to = index;
        }

        parts.Add(s[..to]);
        parts.Reverse();
        return parts;
    }

    /// <summary>Python <c>str.strip(chars)</c> family; null chars means whitespace.</summary>
    public static string Strip(string s, object? chars, bool left, bool right)
    {
        if (chars is string set)
        {
            var array = set.ToCharArray();
            return left && right ? s.Trim(array) : left ? s.TrimStart(array) : s.TrimEnd(array);
        }

        return left && right ? s.Trim() : left ? s.TrimStart() : s.TrimEnd();
    }
}

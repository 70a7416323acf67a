using System.Globalization;
using System.Text;

namespace Deliberate.Server.Storage.Files;

/// <summary>
/// A client's file name made safe to store and show: the last path segment only (no directories, whichever slash),
/// no control or invisible formatting characters (a right-to-left override could disguise an extension), trimmed,
/// and at most <see cref="MaxLength"/> characters, shortened before the extension. The name is never used as a path:
/// bytes are stored by id.
/// </summary>
public static class FileNames
{
    public const int MaxLength = 255;

    /// <summary>What a name that sanitises to nothing (<c>..</c>, only control characters) is stored as.</summary>
    public const string Fallback = "file";

    public static string Sanitize(string? name)
    {
        var text = name ?? "";
        var slash = text.LastIndexOfAny(['/', '\\']);
        if (slash >= 0)
        {
            text = text[(slash + 1)..];
        }

        var clean = new StringBuilder(text.Length);
        foreach (var rune in text.EnumerateRunes())
        {
            var category = Rune.GetUnicodeCategory(rune);
            if (category is not (UnicodeCategory.Control or UnicodeCategory.Format or UnicodeCategory.LineSeparator or UnicodeCategory.ParagraphSeparator or UnicodeCategory.PrivateUse)
                && rune != Rune.ReplacementChar)
            {
                clean.Append(rune.ToString());
            }
        }

        var result = clean.ToString().Trim();
        if (result is "" or "." or "..")
        {
            return Fallback;
        }

        return result.Length <= MaxLength ? result : Shorten(result);
    }

    /// <summary>Keeps a short extension (<c>.jsonl</c>) and cuts the stem, never inside a surrogate pair.</summary>
    private static string Shorten(string name)
    {
        var dot = name.LastIndexOf('.');
        var extension = dot > 0 && name.Length - dot <= 16 ? name[dot..] : "";
        var stem = name[..(name.Length - extension.Length)];
        var keep = MaxLength - extension.Length;
        if (char.IsHighSurrogate(stem[keep - 1]))
        {
            keep--;
        }

        return stem[..keep].TrimEnd() + extension;
    }
}

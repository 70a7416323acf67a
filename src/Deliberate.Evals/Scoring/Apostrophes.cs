namespace Deliberate.Evals.Scoring;

/// <summary>
/// The rules' phrases are written with the ASCII apostrophe; models write the typographic one (’) as often, and the
/// two mean the same.
/// </summary>
internal static class Apostrophes
{
    public static string Straighten(string text) => text.Replace('\u2019', '\'');
}

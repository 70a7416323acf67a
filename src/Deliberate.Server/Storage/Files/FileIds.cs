using System.Security.Cryptography;

namespace Deliberate.Server.Storage.Files;

/// <summary>
/// <c>file-</c> and 24 random letters and digits (143 bits): unguessable, safe in a URL and as a file name, so the bytes
/// are stored under the id itself.
/// </summary>
public static class FileIds
{
    public const string Prefix = "file-";
    private const int RandomLength = 24;
    private const string Alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

    public static string New() => Prefix + RandomNumberGenerator.GetString(Alphabet, RandomLength);

    /// <summary>Whether <paramref name="id"/> has the shape of an id this server makes (anything else cannot name a file).</summary>
    public static bool IsWellFormed(string id) =>
        id.Length == Prefix.Length + RandomLength && id.StartsWith(Prefix, StringComparison.Ordinal) && id.AsSpan(Prefix.Length).IndexOfAnyExcept(Alphabet) < 0;
}

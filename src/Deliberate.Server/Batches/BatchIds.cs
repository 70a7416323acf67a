using System.Security.Cryptography;

namespace Deliberate.Server.Batches;

/// <summary>OpenAI's id shapes for batches (<c>batch_…</c>) and for the lines of their output (<c>batch_req_…</c>): 24 random letters and digits.</summary>
public static class BatchIds
{
    public const string Prefix = "batch_";
    public const string RequestPrefix = "batch_req_";
    private const int RandomLength = 24;
    private const string Alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

    public static string New() => Prefix + RandomNumberGenerator.GetString(Alphabet, RandomLength);

    public static string NewRequest() => RequestPrefix + RandomNumberGenerator.GetString(Alphabet, RandomLength);

    /// <summary>Whether <paramref name="id"/> has the shape of a batch id this server makes (anything else names no batch).</summary>
    public static bool IsWellFormed(string id) =>
        id.Length == Prefix.Length + RandomLength && id.StartsWith(Prefix, StringComparison.Ordinal) && id.AsSpan(Prefix.Length).IndexOfAnyExcept(Alphabet) < 0;
}

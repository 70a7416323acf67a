namespace Deliberate.Server.Storage.Files;

/// <summary>What a file is for, as OpenAI names it: the purposes a client may upload, and those the server also gives its own files.</summary>
public static class FilePurposes
{
    public const string Batch = "batch";
    public const string BatchOutput = "batch_output";

    /// <summary>Accepted by <c>POST /v1/files</c>.</summary>
    public static IReadOnlyList<string> Uploadable { get; } = [Batch, BatchOutput, "assistants", "user_data", "fine-tune", "vision"];

    /// <summary>Every purpose a stored file can have (a list may filter on any).</summary>
    public static IReadOnlyList<string> All { get; } = [.. Uploadable, "assistants_output", "fine-tune-results", "evals"];

    public static bool IsUploadable(string purpose) => Uploadable.Contains(purpose, StringComparer.Ordinal);

    public static bool IsKnown(string purpose) => All.Contains(purpose, StringComparer.Ordinal);
}

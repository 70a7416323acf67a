namespace Deliberate.Server.Storage.Files;

/// <summary>An upload passed the size limit while it was being written; what had arrived is already deleted.</summary>
public sealed class FileTooLargeException(long limit) : Exception($"The file is larger than this server's limit of {limit} bytes (maxFileBytes).")
{
    public long Limit { get; } = limit;
}

namespace Deliberate.Server.Storage.Files;

/// <summary>One page of an owner's files: optionally one purpose, newest first unless <paramref name="Ascending"/>, after the file <paramref name="After"/>.</summary>
public sealed record FileListQuery(string? Purpose, int Limit, bool Ascending, string? After);

/// <summary>The files of a page and whether more follow it.</summary>
public sealed record FilePage(IReadOnlyList<FileRecord> Files, bool HasMore);

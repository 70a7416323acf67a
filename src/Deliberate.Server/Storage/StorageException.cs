namespace Deliberate.Server.Storage;

/// <summary>
/// The storage cannot be used: the database cannot be opened or migrated, or the data directory cannot hold files.
/// The message names the database or path and what went wrong, and never a password.
/// </summary>
public sealed class StorageException(string message, Exception? inner = null) : Exception(message, inner);

namespace Deliberate.Server.Storage;

/// <summary>The two databases the server can keep its state in (docs/storage.md).</summary>
public enum DatabaseProvider
{
    /// <summary>The default: one file, <c>deliberate.db</c>, in the data directory.</summary>
    Sqlite,

    /// <summary>A PostgreSQL database named by the <c>database</c> setting's connection string.</summary>
    Postgres,
}

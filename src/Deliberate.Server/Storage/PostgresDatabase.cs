using System.Data.Common;
using Npgsql;

namespace Deliberate.Server.Storage;

/// <summary>
/// PostgreSQL through one pooled <see cref="NpgsqlDataSource"/>. The connection string comes from the <c>database</c>
/// setting (keywords or a <c>postgres://</c> URL, <see cref="PostgresConnectionString"/>); the password never
/// appears in <see cref="Description"/>.
/// </summary>
internal sealed class PostgresDatabase : Database
{
    private readonly NpgsqlDataSource _source;

    public PostgresDatabase(string connectionString)
    {
        NpgsqlConnectionStringBuilder builder;
        try
        {
            builder = PostgresConnectionString.Parse(connectionString);
        }
        catch (ArgumentException e)
        {
            throw new StorageException($"the database setting is not a PostgreSQL connection string: {e.Message}", e);
        }

        Description = $"PostgreSQL {builder.Host}:{builder.Port}/{builder.Database ?? builder.Username}";
        _source = NpgsqlDataSource.Create(builder);
    }

    public override DatabaseProvider Provider => DatabaseProvider.Postgres;

    public override string Description { get; }

    protected override DbConnection CreateConnection() => _source.CreateConnection();

    protected override void Dispose(bool disposing) => _source.Dispose();
}

using System.Net;
using System.Net.Sockets;
using Dapper;
using Deliberate.Server.Configuration;
using Deliberate.Server.Storage;
using Deliberate.Server.Tests.Server;
using Npgsql;

namespace Deliberate.Server.Tests.Storage;

/// <summary>The storage settings: where they come from, their defaults, and how a wrong one stops the start, naming it.</summary>
public sealed class StorageSettingsTests
{
    [Fact]
    public void TheDatabaseAndTheFileLimitComeFromTheEnvironmentAndFlags()
    {
        var environment = new Dictionary<string, string> { ["DELIBERATE_DATABASE"] = "Host=db.lan;Database=deliberate", ["DELIBERATE_MAX_FILE_BYTES"] = "1000" };

        var fromEnvironment = ServerOptionsLoader.Load(null, [], environment);
        var fromFlags = ServerOptionsLoader.Load(null, [("--database", "database", "postgres://db2.lan/x"), ("--max-file-bytes", "maxFileBytes", "2000")], environment);

        Assert.Equal(("Host=db.lan;Database=deliberate", 1000L), (fromEnvironment.Database, fromEnvironment.MaxFileBytes));
        Assert.Equal(("postgres://db2.lan/x", 2000L), (fromFlags.Database, fromFlags.MaxFileBytes));
        Assert.Contains(CommandLineSettings.Flags, f => f is { Flag: "--database", Key: "database" });
        Assert.Contains(CommandLineSettings.Flags, f => f is { Flag: "--max-file-bytes", Key: "maxFileBytes" });
    }

    [Fact]
    public async Task ByDefaultTheDatabaseIsOneSqliteFileInTheDataDirectoryInWalMode()
    {
        var defaults = new ServerOptions();
        using var directory = new TemporaryDirectory();

        using var database = Database.Open(directory.Path, defaults.Database);

        Assert.Null(defaults.Database);
        Assert.Equal(512L * 1024 * 1024, defaults.MaxFileBytes);
        Assert.Equal(DatabaseProvider.Sqlite, database.Provider);
        Assert.True(File.Exists(Path.Combine(directory.Path, "deliberate.db")));
        await using var connection = await database.OpenAsync();
        Assert.Equal("wal", await connection.ExecuteScalarAsync<string>("PRAGMA journal_mode"));
        Assert.Equal(5000, await connection.ExecuteScalarAsync<long>("PRAGMA busy_timeout"));
        Assert.Equal(2, await connection.ExecuteScalarAsync<long>("PRAGMA synchronous")); // FULL
    }

    [Theory]
    [InlineData("DELIBERATE_DATABASE", "Hots=db.lan;Password=hunter2", "database", "Hots")]
    [InlineData("DELIBERATE_DATABASE", "Database=deliberate;Password=hunter2", "database", "no host")]
    [InlineData("DELIBERATE_DATABASE", "postgres://:hunter2@/x", "database", "URL")]
    [InlineData("DELIBERATE_MAX_FILE_BYTES", "0", "maxFileBytes", "at least 1")]
    [InlineData("DELIBERATE_MAX_FILE_BYTES", "lots", "maxFileBytes", "whole number")]
    public void AWrongStorageSettingIsAnErrorNamingItAndNeverThePassword(string variable, string value, string setting, string hint)
    {
        var e = Assert.Throws<SettingsException>(() => ServerOptionsLoader.Load(null, [], new Dictionary<string, string> { [variable] = value }));

        Assert.Contains($"'{setting}'", e.Message, StringComparison.Ordinal);
        Assert.Contains(variable, e.Message, StringComparison.Ordinal);
        Assert.Contains(hint, e.Message, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("hunter2", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void APostgresUrlReadsAsAConnectionString()
    {
        var url = PostgresConnectionString.Parse("postgres://app:p%40ss%3Aword@db.lan:6543/deliberate?sslmode=require&application_name=batch");
        var plain = PostgresConnectionString.Parse("postgresql://db.lan/deliberate");
        var keywords = PostgresConnectionString.Parse("Host=db.lan;Username=app");

        Assert.Equal(("db.lan", 6543, "app", "p@ss:word", "deliberate", SslMode.Require, "batch"),
            (url.Host, url.Port, url.Username, url.Password, url.Database, url.SslMode, url.ApplicationName));
        Assert.Equal(("db.lan", 5432, "deliberate", "deliberate"), (plain.Host, plain.Port, plain.Database, plain.ApplicationName));
        Assert.Equal(("db.lan", "app"), (keywords.Host, keywords.Username));
    }

    [Fact]
    public void AnUnreachableDatabaseStopsTheStartNamingItButNotItsPassword()
    {
        using var directory = new TemporaryDirectory();
        var options = new ServerOptions { Listen = "http://127.0.0.1:0", DataDirectory = directory.Path, Database = $"Host=127.0.0.1;Port={ClosedPort()};Database=nowhere;Username=app;Password=hunter2;Timeout=5" };
        options.Models.Add(BuiltinModels.Default(RepositoryPaths.ShippedNano));

        var e = Assert.Throws<StorageException>(() => DeliberateServer.Create(options, _ => { }));

        Assert.StartsWith("cannot open PostgreSQL 127.0.0.1:", e.Message, StringComparison.Ordinal);
        Assert.Contains("/nowhere", e.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("hunter2", e.Message, StringComparison.Ordinal);
    }

    /// <summary>A loopback port nothing listens on: bound and released, so connecting to it is refused at once.</summary>
    private static int ClosedPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}

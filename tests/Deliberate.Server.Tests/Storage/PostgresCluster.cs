using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Npgsql;

namespace Deliberate.Server.Tests.Storage;

/// <summary>
/// A throwaway PostgreSQL for the tests: <c>initdb</c> into a temporary directory, started by <c>pg_ctl</c> on a free
/// loopback port (its socket in that directory too), a fresh database per <see cref="CreateDatabaseAsync"/>, stopped
/// and deleted at the end. PostgreSQL refuses to run as root, so under root every command runs as the
/// <c>postgres</c> user through <c>runuser</c>. If it cannot start, every PostgreSQL test fails with the reason
/// (never skips): tests/setup.sh installs the Debian package.
/// </summary>
public sealed class PostgresCluster : IAsyncLifetime
{
    private const string User = "deliberate";
    private readonly string _root = Path.Combine(Path.GetTempPath(), "deliberate-pg-" + Guid.NewGuid().ToString("N")[..8]);
    private string _binaries = "";
    private int _port;
    private bool _started;
    private Exception? _failure;

    private string DataPath => Path.Combine(_root, "data");

    public async Task InitializeAsync()
    {
        try
        {
            _binaries = FindBinaries();
            Directory.CreateDirectory(_root);
            if (Environment.UserName == "root")
            {
                await RunAsync("chown", ["postgres:", _root], asPostgres: false);
            }

            await RunAsync(Path.Combine(_binaries, "initdb"), ["-D", DataPath, "-U", User, "-A", "trust", "-E", "UTF8", "--locale=C", "--no-sync"]);
            // A port is free when we bind it; another process may take it before postgres does, so try a few.
            for (var attempt = 1; !_started; attempt++)
            {
                _port = FreePort();
                try
                {
                    // Durability settings off: the tests exercise the server's consistency, not this cluster's crash safety.
                    var settings = $"-p {_port} -k {_root} -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200 -c shared_buffers=16MB";
                    await RunAsync(Path.Combine(_binaries, "pg_ctl"), ["-D", DataPath, "-o", settings, "-l", Path.Combine(_root, "server.log"), "-w", "-t", "60", "start"]);
                    _started = true;
                }
                catch (InvalidOperationException) when (attempt < 3)
                {
                }
            }
        }
        catch (Exception e)
        {
            var log = Path.Combine(_root, "server.log");
            _failure = new InvalidOperationException($"{e.Message}{(File.Exists(log) ? "\nserver log:\n" + await File.ReadAllTextAsync(log) : "")}", e);
        }
    }

    /// <summary>A new, empty database on the cluster, as a connection string the server's <c>database</c> setting takes.</summary>
    public async Task<string> CreateDatabaseAsync()
    {
        if (_failure is not null)
        {
            throw new InvalidOperationException("PostgreSQL could not be started for the tests (tests/setup.sh installs it): " + _failure.Message, _failure);
        }

        var name = "test_" + Guid.NewGuid().ToString("N")[..12];
        await using var connection = new NpgsqlConnection(ConnectionString("postgres") + ";Pooling=false");
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"CREATE DATABASE {name}", connection);
        await command.ExecuteNonQueryAsync();
        return ConnectionString(name);
    }

    public async Task DisposeAsync()
    {
        if (_started)
        {
            NpgsqlConnection.ClearAllPools();
            await RunAsync(Path.Combine(_binaries, "pg_ctl"), ["-D", DataPath, "-m", "immediate", "-w", "stop"]);
        }

        try
        {
            Directory.Delete(_root, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    private string ConnectionString(string database) => $"Host=127.0.0.1;Port={_port};Username={User};Database={database}";

    /// <summary>The newest <c>/usr/lib/postgresql/N/bin</c> (Debian's layout), else <c>pg_ctl</c>'s directory on the PATH.</summary>
    private static string FindBinaries()
    {
        var debian = Directory.Exists("/usr/lib/postgresql")
            ? Directory.EnumerateDirectories("/usr/lib/postgresql").Select(d => Path.Combine(d, "bin"))
                .Where(d => File.Exists(Path.Combine(d, "pg_ctl"))).OrderByDescending(d => int.TryParse(Path.GetFileName(Path.GetDirectoryName(d)), out var v) ? v : 0).FirstOrDefault()
            : null;
        var onPath = (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':', StringSplitOptions.RemoveEmptyEntries)
            .FirstOrDefault(d => File.Exists(Path.Combine(d, "pg_ctl")) && File.Exists(Path.Combine(d, "initdb")));
        return debian ?? onPath ?? throw new InvalidOperationException("pg_ctl and initdb were not found in /usr/lib/postgresql/*/bin or on the PATH");
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static async Task RunAsync(string program, IReadOnlyList<string> arguments, bool asPostgres = true)
    {
        var start = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        if (asPostgres && Environment.UserName == "root")
        {
            start.FileName = "runuser";
            start.ArgumentList.Add("-u");
            start.ArgumentList.Add("postgres");
            start.ArgumentList.Add("--");
            start.ArgumentList.Add(program);
        }

        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"{start.FileName} did not start");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await process.WaitForExitAsync(timeout.Token);
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{Path.GetFileName(program)} {string.Join(' ', arguments)} failed (exit {process.ExitCode}): {await stderr}{await stdout}");
        }
    }
}

/// <summary>The test classes that use <see cref="PostgresCluster"/> share one cluster and run one after another.</summary>
[CollectionDefinition(Name)]
public sealed class PostgresCollection : ICollectionFixture<PostgresCluster>
{
    public const string Name = "PostgreSQL";
}

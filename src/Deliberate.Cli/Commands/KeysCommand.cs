using System.CommandLine;
using Deliberate.Server.Configuration;
using Deliberate.Server.Storage;

namespace Deliberate.Cli.Commands;

/// <summary>
/// `deliberate keys create|list|revoke`: API keys in the server's database (only hashes are stored). The database is
/// found as <c>serve</c> finds it — the same config file, <c>DELIBERATE_*</c> variables and flags — so both always
/// use one store, SQLite in the data directory or PostgreSQL.
/// </summary>
internal static class KeysCommand
{
    public static Command Create()
    {
        var config = new Option<string?>("--config") { Description = "The server's JSON configuration file (for its dataDirectory and database)", Recursive = true };
        var dataDir = Setting("--data-dir", "dataDirectory", "Data directory (default ~/.local/share/deliberate)");
        var database = Setting("--database", "database", "PostgreSQL connection string (default: SQLite in the data directory)");
        var name = new Option<string?>("--name") { Description = "A label for the key" };
        var create = new Command("create", "Create a key and print it once") { name };
        create.SetAction(async (result, cancellationToken) =>
        {
            using var store = Open(result);
            var (record, secret) = await store.Keys.CreateAsync(result.GetValue(name), cancellationToken);
            Console.WriteLine(secret);
            Console.Error.WriteLine($"created {record.Id}{(record.Name.Length > 0 ? " (" + record.Name + ")" : "")}; this is the only time the key is shown");
        });
        var list = new Command("list", "List keys (id, name, hint, created, revoked)");
        list.SetAction(async (result, cancellationToken) =>
        {
            using var store = Open(result);
            foreach (var key in await store.Keys.ListAsync(cancellationToken))
            {
                var revoked = key.RevokedAt is { } at ? "revoked " + DateTimeOffset.FromUnixTimeSeconds(at).ToString("u") : "active";
                Console.WriteLine($"{key.Id}\t{key.Name}\t{key.Hint}\t{DateTimeOffset.FromUnixTimeSeconds(key.CreatedAt):u}\t{revoked}");
            }
        });
        var id = new Argument<string>("id") { Description = "The key id (key_…)" };
        var revoke = new Command("revoke", "Revoke a key") { id };
        revoke.SetAction(async (result, cancellationToken) =>
        {
            using var store = Open(result);
            if (await store.Keys.RevokeAsync(result.GetValue(id)!, cancellationToken))
            {
                Console.WriteLine($"revoked {result.GetValue(id)}");
                return 0;
            }

            Console.Error.WriteLine($"no active key {result.GetValue(id)}");
            return 1;
        });
        return new Command("keys", "Manage the server's API keys") { config, dataDir.Option, database.Option, create, list, revoke };

        OpenedKeys Open(ParseResult result)
        {
            var flags = new List<(string Flag, string Key, string Value)>();
            foreach (var (flag, key, option) in new[] { dataDir, database })
            {
                if (result.GetValue(option) is { } value)
                {
                    flags.Add((flag, key, value));
                }
            }

            var options = ServerOptionsLoader.Load(result.GetValue(config), flags);
            return new OpenedKeys(Database.Open(DataDirectory.Resolve(options), options.Database));
        }
    }

    /// <summary>A flag that sets the server setting <paramref name="key"/>, with the variable that sets it too in its help.</summary>
    private static (string Flag, string Key, Option<string?> Option) Setting(string flag, string key, string description) =>
        (flag, key, new Option<string?>(flag) { Description = $"{description} [env {SettingNames.EnvironmentVariable(key)}]", Recursive = true });

    private sealed class OpenedKeys(Database database) : IDisposable
    {
        public ApiKeyStore Keys { get; } = new(database);

        public void Dispose() => database.Dispose();
    }
}

using System.CommandLine;
using Deliberate.Server.Configuration;
using Deliberate.Server.Storage;

namespace Deliberate.Cli.Commands;

/// <summary>`deliberate keys create|list|revoke`: API keys in the data directory's keys.db (only hashes are stored).</summary>
internal static class KeysCommand
{
    /// <summary>The variable <c>serve</c> reads the same setting from, so both find one keys.db.</summary>
    private static readonly string DataDirectoryVariable = SettingNames.EnvironmentVariable("dataDirectory");

    public static Command Create()
    {
        var dataDir = new Option<string?>("--data-dir") { Description = $"Data directory (default ~/.local/share/deliberate) [env {DataDirectoryVariable}]", Recursive = true };
        var name = new Option<string?>("--name") { Description = "A label for the key" };
        var create = new Command("create", "Create a key and print it once") { name };
        create.SetAction(result =>
        {
            var (record, secret) = Store(result.GetValue(dataDir)).Create(result.GetValue(name));
            Console.WriteLine(secret);
            Console.Error.WriteLine($"created {record.Id}{(record.Name.Length > 0 ? " (" + record.Name + ")" : "")}; this is the only time the key is shown");
        });
        var list = new Command("list", "List keys (id, name, hint, created, revoked)");
        list.SetAction(result =>
        {
            foreach (var key in Store(result.GetValue(dataDir)).List())
            {
                var revoked = key.RevokedAt is { } at ? "revoked " + DateTimeOffset.FromUnixTimeSeconds(at).ToString("u") : "active";
                Console.WriteLine($"{key.Id}\t{key.Name}\t{key.Hint}\t{DateTimeOffset.FromUnixTimeSeconds(key.CreatedAt):u}\t{revoked}");
            }
        });
        var id = new Argument<string>("id") { Description = "The key id (key_…)" };
        var revoke = new Command("revoke", "Revoke a key") { id };
        revoke.SetAction(result =>
        {
            if (Store(result.GetValue(dataDir)).Revoke(result.GetValue(id)!))
            {
                Console.WriteLine($"revoked {result.GetValue(id)}");
                return 0;
            }

            Console.Error.WriteLine($"no active key {result.GetValue(id)}");
            return 1;
        });
        return new Command("keys", "Manage the server's API keys") { dataDir, create, list, revoke };
    }

    private static ApiKeyStore Store(string? dataDir) =>
        new(DataDirectory.Resolve(new ServerOptions { DataDirectory = dataDir ?? Environment.GetEnvironmentVariable(DataDirectoryVariable) }));
}

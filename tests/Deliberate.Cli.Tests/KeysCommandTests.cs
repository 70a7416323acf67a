namespace Deliberate.Cli.Tests;

public sealed class KeysCommandTests
{
    [Fact]
    public async Task CreateListAndRevokeAKeyInADataDirectory()
    {
        using var temp = new TempDirectory();

        var created = await CliRunner.RunAsync("keys", "create", "--name", "laptop", "--data-dir", temp.Path);
        CliAssert.Succeeded(created);
        var secret = created.StdOut.Trim();
        Assert.Matches("^dlb-[A-Za-z0-9_-]{43}$", secret);
        var id = created.StdErr.Split(' ')[1];
        Assert.StartsWith("key_", id, StringComparison.Ordinal);
        Assert.True(File.Exists(temp.File("deliberate.db")));

        var listed = await CliRunner.RunAsync("keys", "list", "--data-dir", temp.Path);
        CliAssert.Succeeded(listed);
        var row = Assert.Single(listed.StdOut.Split('\n', StringSplitOptions.RemoveEmptyEntries)).Split('\t');
        Assert.Equal(new[] { id, "laptop" }, row[..2]);
        Assert.Equal("active", row[^1]);
        Assert.DoesNotContain(secret, listed.StdOut, StringComparison.Ordinal);

        var revoked = await CliRunner.RunAsync("keys", "revoke", id, "--data-dir", temp.Path);
        CliAssert.Succeeded(revoked);
        var after = await CliRunner.RunAsync("keys", "list", "--data-dir", temp.Path);
        Assert.StartsWith("revoked ", after.StdOut.Trim().Split('\t')[^1], StringComparison.Ordinal);
    }

    [Fact]
    public async Task TheDataDirectoryCanComeFromTheEnvironment()
    {
        using var temp = new TempDirectory();
        var environment = new Dictionary<string, string> { ["DELIBERATE_DATA_DIRECTORY"] = temp.Path };

        var created = await CliRunner.RunAsync(["keys", "create"], environment: environment);

        CliAssert.Succeeded(created);
        Assert.True(File.Exists(temp.File("deliberate.db")));
    }

    /// <summary>keys finds the database as serve does, so a config file that names one is read (and a wrong one named).</summary>
    [Fact]
    public async Task TheDatabaseComesFromTheServersConfigFile()
    {
        using var temp = new TempDirectory();
        var config = temp.File("deliberate.json");
        await File.WriteAllTextAsync(config, """{ "database": "Hots=db.lan" }""");

        var result = await CliRunner.RunAsync("keys", "list", "--config", config, "--data-dir", temp.Path);

        CliAssert.Rejected(result, "deliberate keys list", "'database'", config);
        Assert.False(File.Exists(temp.File("deliberate.db")), "keys must not fall back to SQLite when the config names another database");
    }

    [Fact]
    public async Task AnUnreachableDatabaseIsAnErrorNamingIt()
    {
        using var temp = new TempDirectory();

        var result = await CliRunner.RunAsync("keys", "list", "--database", "Host=127.0.0.1;Port=1;Database=keys;Username=app;Password=hunter2;Timeout=5", "--data-dir", temp.Path);

        CliAssert.Rejected(result, "deliberate keys list", "PostgreSQL 127.0.0.1:1/keys");
        Assert.DoesNotContain("hunter2", result.StdErr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RevokingAnUnknownKeyFailsNamingIt()
    {
        using var temp = new TempDirectory();

        var result = await CliRunner.RunAsync("keys", "revoke", "key_000000000000", "--data-dir", temp.Path);

        CliAssert.Failed(result, CliAssert.FailedExitCode, "key_000000000000");
    }

    [Fact]
    public async Task RevokeNeedsAnId()
    {
        using var temp = new TempDirectory();

        var result = await CliRunner.RunAsync("keys", "revoke", "--data-dir", temp.Path);

        CliAssert.Rejected(result, "Required argument missing");
    }

    [Fact]
    public async Task ADataDirectoryThatCannotBeCreatedIsAnErrorNamingIt()
    {
        using var temp = new TempDirectory();
        var file = temp.File("a-file");
        await File.WriteAllTextAsync(file, "not a directory");
        var inside = Path.Combine(file, "data");

        var result = await CliRunner.RunAsync("keys", "list", "--data-dir", inside);

        CliAssert.Rejected(result, "deliberate keys list", file);
    }
}

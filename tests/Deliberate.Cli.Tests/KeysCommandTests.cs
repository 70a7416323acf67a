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
        Assert.True(File.Exists(temp.File("keys.db")));

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
        Assert.True(File.Exists(temp.File("keys.db")));
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

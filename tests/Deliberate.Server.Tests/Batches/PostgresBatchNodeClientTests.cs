using Deliberate.Server.Tests.Clients;
using Deliberate.Server.Tests.Storage;
using Xunit.Abstractions;

namespace Deliberate.Server.Tests.Batches;

/// <summary>
/// tests/clients/batches.test.js — the openai npm client on the Batch API — against a server that stores in
/// PostgreSQL. (<see cref="NodeClientTests"/> runs every suite, this one included, against a server on SQLite.)
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class PostgresBatchNodeClientTests(PostgresBatchServer server, ITestOutputHelper output) : IClassFixture<PostgresBatchServer>
{
    [Fact]
    public async Task OpenAINpmClientOnTheBatchApi()
    {
        var suite = Path.Combine(RepositoryPaths.Root, "tests", "clients", "batches.test.js");
        Assert.True(File.Exists(Path.Combine(RepositoryPaths.Root, "tests", "clients", "node_modules", "openai", "package.json")), "the openai npm package is missing: run tests/setup.sh");
        var environment = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["DELIBERATE_BASE_URL"] = server.BaseUrl + "/v1",
            ["DELIBERATE_API_KEY"] = await server.NewKeyAsync(),
            ["NODE_NO_WARNINGS"] = "1",
        };

        var run = await NodeTestRun.RunAsync(suite, environment, TimeSpan.FromMinutes(3));

        foreach (var verdict in run.Output.Split('\n').Where(line => line.StartsWith("ok ", StringComparison.Ordinal) || line.StartsWith("not ok ", StringComparison.Ordinal)))
        {
            output.WriteLine(verdict);
        }

        Assert.True(run.ExitCode == 0 && run.Failed == 0 && run.Passed > 0, $"batches.test.js: {run.Passed} passed, {run.Failed} failed, exit {run.ExitCode}\n{run.Output}\n{server.Errors()}");
    }
}

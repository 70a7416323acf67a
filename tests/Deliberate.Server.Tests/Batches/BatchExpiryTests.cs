using System.Text.Json;
using Deliberate.Server.Tests.Storage;
using static Deliberate.Server.Tests.Batches.BatchSteps;

namespace Deliberate.Server.Tests.Batches;

/// <summary>
/// A batch whose 24-hour window closes before it finishes is expired, keeping what finished: the server's clock is
/// moved a day on (no test waits a day), and the requests in flight stop. Its own server, since moving the clock would
/// expire every other test's batches too.
/// </summary>
public abstract class BatchExpiryTests(BatchServer server)
{
    [Fact]
    public async Task AnExpiredBatchKeepsItsFinishedResultsAndReportsTheRestAsExpired()
    {
        var client = await server.NewClientAsync();
        var ids = Enumerable.Range(0, 150).Select(i => $"r{i}").ToList();
        var file = await UploadAsync(client, BatchRequests.File(ids.Select(id => BatchRequests.Line(id, "Count the letter r in strawberry, slowly.", maxCompletionTokens: 160, effort: "high"))));
        var id = (await CreateAsync(client, file)).GetProperty("id").GetString()!;
        await WaitForCompletedRequestsAsync(server, client, id, 2);

        server.Clock.Advance(TimeSpan.FromHours(25));
        var expired = await WaitForStatusAsync(server, client, id, "expired");

        Assert.True(expired.GetProperty("expired_at").GetInt64() >= expired.GetProperty("expires_at").GetInt64(), expired.ToString());
        Assert.Equal((JsonValueKind.Null, JsonValueKind.Null), (expired.GetProperty("completed_at").ValueKind, expired.GetProperty("cancelled_at").ValueKind));
        var completed = Count(expired, "completed");
        Assert.InRange(completed, 2, ids.Count - 1);
        var output = await LinesAsync(client, expired.GetProperty("output_file_id"));
        var errors = await LinesAsync(client, expired.GetProperty("error_file_id"));
        Assert.Equal(completed, output.Count);
        Assert.Equal(ids.Count - completed, errors.Count);
        Assert.All(errors, l => Assert.Equal(("batch_expired", JsonValueKind.Null), (l.GetProperty("error").GetProperty("code").GetString(), l.GetProperty("response").ValueKind)));
        Assert.Equal(ids.Order(StringComparer.Ordinal), output.Concat(errors).Select(l => l.GetProperty("custom_id").GetString()!).Order(StringComparer.Ordinal));
    }
}

public sealed class SqliteBatchExpiryTests(SqliteBatchServer server) : BatchExpiryTests(server), IClassFixture<SqliteBatchServer>;

[Collection(PostgresCollection.Name)]
public sealed class PostgresBatchExpiryTests(PostgresBatchServer server) : BatchExpiryTests(server), IClassFixture<PostgresBatchServer>;

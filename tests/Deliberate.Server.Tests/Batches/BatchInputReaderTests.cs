using System.Text;
using Deliberate.Server.Batches;

namespace Deliberate.Server.Tests.Batches;

/// <summary>
/// The batch input file's line checks: each problem is reported with OpenAI's code, the field at fault and the line,
/// lines are numbered as an editor numbers them (blank ones count, CRLF is one break), and the file is split as it
/// streams in, so a line too long is skipped without being held and the lines after it keep their numbers.
/// </summary>
public sealed class BatchInputReaderTests
{
    private const string Endpoint = "/v1/chat/completions";
    private static readonly BatchInputLimits Limits = new(MaxRequests: 10, MaxLineBytes: 400);

    private static string Line(string customId, string body = """{"model":"m","messages":[]}""") =>
        $$"""{"custom_id":"{{customId}}","method":"POST","url":"{{Endpoint}}","body":{{body}}}""";

    /// <summary>Reads <paramref name="text"/> delivered a few bytes at a time (lines cross every read boundary).</summary>
    private static async Task<(List<BatchInputLine> Requests, IReadOnlyList<BatchLineError> Errors)> Read(string text, BatchInputLimits? limits = null) =>
        await Read(Encoding.UTF8.GetBytes(text), limits);

    private static async Task<(List<BatchInputLine> Requests, IReadOnlyList<BatchLineError> Errors)> Read(byte[] bytes, BatchInputLimits? limits = null)
    {
        var requests = new List<BatchInputLine>();
        var errors = await BatchInputReader.ReadAsync(new TrickleStream(bytes, 7), Endpoint, limits ?? Limits, (r, _) =>
        {
            requests.Add(r);
            return ValueTask.CompletedTask;
        });
        return (requests, errors);
    }

    [Fact]
    public async Task ReadsRequestsWithTheirLinesAcrossBlankLinesCarriageReturnsAndAMissingFinalNewline()
    {
        var (requests, errors) = await Read(Line("a") + "\r\n\n  \n" + Line("b", """{"model":"m","messages":[{"role":"user","content":"é\n"}]}"""));
        Assert.Empty(errors);
        Assert.Equal([(1, "a"), (4, "b")], requests.Select(r => (r.Line, r.CustomId)));
        Assert.Equal("""{"model":"m","messages":[{"role":"user","content":"é\n"}]}""", requests[1].Body);
    }

    [Theory]
    [InlineData("not json", "invalid_json_line", null)]
    [InlineData("[1,2]", "invalid_json_line", null)]
    [InlineData("""{"custom_id":"x","method":"POST","url":"/v1/chat/completions","body":{},"extra":1}""", "unrecognized_argument", "extra")]
    [InlineData("""{"method":"POST","url":"/v1/chat/completions","body":{}}""", "missing_required_parameter", "custom_id")]
    [InlineData("""{"custom_id":7,"method":"POST","url":"/v1/chat/completions","body":{}}""", "invalid_type", "custom_id")]
    [InlineData("""{"custom_id":"","method":"POST","url":"/v1/chat/completions","body":{}}""", "invalid_value", "custom_id")]
    [InlineData("""{"custom_id":"\ud800","method":"POST","url":"/v1/chat/completions","body":{}}""", "invalid_value", "custom_id")]
    [InlineData("""{"custom_id":"x","url":"/v1/chat/completions","body":{}}""", "missing_required_parameter", "method")]
    [InlineData("""{"custom_id":"x","method":"GET","url":"/v1/chat/completions","body":{}}""", "invalid_value", "method")]
    [InlineData("""{"custom_id":"x","method":"POST","body":{}}""", "missing_required_parameter", "url")]
    [InlineData("""{"custom_id":"x","method":"POST","url":"/v1/embeddings","body":{}}""", "url_mismatch", "url")]
    [InlineData("""{"custom_id":"x","method":"POST","url":"/v1/chat/completions"}""", "missing_required_parameter", "body")]
    [InlineData("""{"custom_id":"x","method":"POST","url":"/v1/chat/completions","body":"hi"}""", "invalid_type", "body")]
    public async Task EachBadLineIsNamedWithItsCodeFieldAndLine(string bad, string code, string? param)
    {
        var (_, errors) = await Read(Line("ok") + "\n" + bad + "\n" + Line("ok2") + "\n");
        var error = Assert.Single(errors);
        Assert.Equal((code, param, (int?)2), (error.Code, error.Param, error.Line));
        Assert.False(string.IsNullOrWhiteSpace(error.Message));
    }

    [Fact]
    public async Task ADuplicateCustomIdNamesTheLaterLineAndTheId()
    {
        var (_, errors) = await Read(string.Join("\n", Line("a"), Line("b"), Line("a")));
        var error = Assert.Single(errors);
        Assert.Equal(("duplicate_custom_id", "custom_id", (int?)3), (error.Code, error.Param, error.Line));
        Assert.Contains("'a'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task InvalidUtf8IsALineErrorNotACrash()
    {
        var bytes = Encoding.UTF8.GetBytes(Line("a") + "\n").Concat(new byte[] { 0x7B, 0xFF, 0xFE, 0x7D, (byte)'\n' }).ToArray();
        var (requests, errors) = await Read(bytes);
        Assert.Single(requests);
        Assert.Equal(("invalid_json_line", (int?)2), (Assert.Single(errors).Code, errors[0].Line));
    }

    [Fact]
    public async Task ALineLongerThanTheLimitIsSkippedAndTheLinesAfterItKeepTheirNumbers()
    {
        var huge = Line("big", $$"""{"model":"m","messages":[{"role":"user","content":"{{new string('x', 5000)}}"}]}""");
        var (requests, errors) = await Read(string.Join("\n", Line("a"), huge, Line("c")) + "\n" + huge);
        Assert.Equal([(1, "a"), (3, "c")], requests.Select(r => (r.Line, r.CustomId)));
        Assert.Equal([("line_too_large", (int?)2), ("line_too_large", (int?)4)], errors.Select(e => (e.Code, e.Line)));
        Assert.Contains("400 bytes", errors[0].Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task MoreRequestsThanABatchMayHaveStopsAtTheFirstOneTooMany()
    {
        var (_, errors) = await Read(string.Join("\n", Enumerable.Range(0, 30).Select(i => Line("r" + i))), new BatchInputLimits(MaxRequests: 3, MaxLineBytes: 400));
        var error = Assert.Single(errors);
        Assert.Equal(("too_many_tasks", (int?)4), (error.Code, error.Line));
    }

    [Theory]
    [InlineData("")]
    [InlineData("\n\n  \r\n")]
    public async Task AFileWithoutRequestsIsEmpty(string text)
    {
        var (_, errors) = await Read(text);
        var error = Assert.Single(errors);
        Assert.Equal(("empty_file", (int?)null), (error.Code, error.Line));
    }

    [Fact]
    public async Task ErrorsStopAtTheCap()
    {
        var (_, errors) = await Read(string.Join("\n", Enumerable.Repeat("nope", 500)), new BatchInputLimits(MaxRequests: 1000, MaxLineBytes: 400));
        Assert.Equal(BatchInputLimits.MaxErrors, errors.Count);
        Assert.Equal(Enumerable.Range(1, BatchInputLimits.MaxErrors).Select(i => (int?)i), errors.Select(e => e.Line));
    }

    /// <summary>A stream that returns at most a few bytes per read.</summary>
    private sealed class TrickleStream(byte[] bytes, int step) : MemoryStream(bytes)
    {
        public override int Read(byte[] buffer, int offset, int count) => base.Read(buffer, offset, Math.Min(count, step));

        public override int Read(Span<byte> buffer) => base.Read(buffer[..Math.Min(buffer.Length, step)]);

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            base.ReadAsync(buffer, offset, Math.Min(count, step), cancellationToken);

        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
            base.ReadAsync(buffer[..Math.Min(buffer.Length, step)], cancellationToken);
    }
}

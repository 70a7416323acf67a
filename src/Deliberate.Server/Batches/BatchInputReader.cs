using System.Buffers;
using System.IO.Pipelines;
using System.Text.Json;

namespace Deliberate.Server.Batches;

/// <summary>
/// Reads a batch's input file (JSONL: one request per line) and checks each line's envelope: a JSON object with a
/// unique string <c>custom_id</c>, <c>method</c> POST, <c>url</c> equal to the batch's endpoint and an object
/// <c>body</c>, and nothing else. Blank lines are skipped (a trailing newline is not a request). Lines are split as the
/// bytes stream in, so a line longer than the limit is reported and skipped without being held in memory. Whether a
/// body is a valid request for the endpoint is the endpoint's own check, made when the request runs: a bad body fails
/// only its request, while anything found here fails the whole batch (OpenAI's batch validation).
/// </summary>
public static class BatchInputReader
{
    private static readonly HashSet<string> Fields = new(StringComparer.Ordinal) { "custom_id", "method", "url", "body" };
    private static readonly JsonDocumentOptions DocumentOptions = new() { MaxDepth = 64 };

    /// <summary>
    /// Reads <paramref name="input"/> to its end (or to <see cref="BatchInputLimits.MaxErrors"/> errors), handing each
    /// well-formed request to <paramref name="onRequest"/> in order, and returns the errors found (none: the file is a
    /// valid batch). The caller keeps the requests only when there are no errors.
    /// </summary>
    public static async Task<IReadOnlyList<BatchLineError>> ReadAsync(Stream input, string endpoint, BatchInputLimits limits,
        Func<BatchInputLine, CancellationToken, ValueTask> onRequest, CancellationToken cancellationToken = default)
    {
        var state = new ReadState(endpoint, limits);
        var reader = PipeReader.Create(input, new StreamPipeReaderOptions(bufferSize: 64 * 1024, leaveOpen: true));
        try
        {
            var tooLong = false;
            while (!state.Stopped)
            {
                var read = await reader.ReadAsync(cancellationToken);
                var buffer = read.Buffer;
                while (!state.Stopped && buffer.PositionOf((byte)'\n') is { } end)
                {
                    var line = buffer.Slice(0, end);
                    buffer = buffer.Slice(buffer.GetPosition(1, end));
                    if (state.Next(tooLong, line) is { } request)
                    {
                        await onRequest(request, cancellationToken);
                    }

                    tooLong = false;
                }

                if (read.IsCompleted)
                {
                    // The last line, when the file does not end with a newline.
                    if (!state.Stopped && (buffer.Length > 0 || tooLong) && state.Next(tooLong, buffer) is { } last)
                    {
                        await onRequest(last, cancellationToken);
                    }

                    break;
                }

                if (buffer.Length > limits.MaxLineBytes)
                {
                    // Past the limit with no end in sight: drop what arrived and note the line as too long.
                    tooLong = true;
                    reader.AdvanceTo(buffer.End);
                }
                else
                {
                    reader.AdvanceTo(buffer.Start, buffer.End);
                }
            }
        }
        finally
        {
            await reader.CompleteAsync();
        }

        return state.Finish();
    }

    /// <summary>The running checks: the line number, the custom ids seen, the request count and the errors.</summary>
    private sealed class ReadState(string endpoint, BatchInputLimits limits)
    {
        private readonly HashSet<string> _customIds = new(StringComparer.Ordinal);
        private readonly List<BatchLineError> _errors = [];
        private int _line;
        private int _requests;
        private bool _tooMany;

        /// <summary>Reading ends: enough errors to fail the batch, or more requests than a batch may have.</summary>
        public bool Stopped => _tooMany || _errors.Count >= BatchInputLimits.MaxErrors;

        public IReadOnlyList<BatchLineError> Finish()
        {
            if (_requests == 0 && _errors.Count == 0)
            {
                _errors.Add(new BatchLineError("empty_file", "The input file holds no requests.", null, null));
            }

            return _errors;
        }

        /// <summary>Checks the next line; returns its request when it is one and well formed.</summary>
        public BatchInputLine? Next(bool tooLong, ReadOnlySequence<byte> bytes)
        {
            _line++;
            if (tooLong || bytes.Length > limits.MaxLineBytes)
            {
                return Fail("line_too_large", $"This line is longer than the {limits.MaxLineBytes} bytes a request may have (maxRequestBodyBytes).", null);
            }

            var span = bytes.IsSingleSegment ? bytes.FirstSpan : bytes.ToArray();
            if (span.Length > 0 && span[^1] == (byte)'\r')
            {
                span = span[..^1];
            }

            if (span.Trim(" \t"u8).IsEmpty)
            {
                return null;
            }

            if (++_requests > limits.MaxRequests)
            {
                _tooMany = true;
                return Fail("too_many_tasks", $"The input file holds more than {limits.MaxRequests} requests, the most a batch may have.", null);
            }

            return Check(span);
        }

        private BatchInputLine? Check(ReadOnlySpan<byte> span)
        {
            if (!System.Text.Unicode.Utf8.IsValid(span))
            {
                return Fail("invalid_json_line", "This line is not valid UTF-8.", null);
            }

            JsonDocument document;
            try
            {
                document = JsonDocument.Parse(span.ToArray(), DocumentOptions);
            }
            catch (JsonException)
            {
                return Fail("invalid_json_line", "This line is not parseable as valid JSON.", null);
            }

            using (document)
            {
                var root = document.RootElement;
                if (root.ValueKind != JsonValueKind.Object)
                {
                    return Fail("invalid_json_line", "This line is not a JSON object.", null);
                }

                foreach (var property in root.EnumerateObject())
                {
                    if (!Fields.Contains(property.Name))
                    {
                        return Fail("unrecognized_argument", $"Unrecognized field '{property.Name}': a request line has custom_id, method, url and body.", property.Name);
                    }
                }

                if (RequiredString(root, "custom_id") is not { } customId)
                {
                    return null;
                }

                if (customId.Length is 0 or > BatchInputLimits.MaxCustomIdLength)
                {
                    return Fail("invalid_value", $"custom_id must be 1 to {BatchInputLimits.MaxCustomIdLength} characters long.", "custom_id");
                }

                if (RequiredString(root, "method") is not { } method)
                {
                    return null;
                }

                if (method != "POST")
                {
                    return Fail("invalid_value", $"method must be POST, not '{method}'.", "method");
                }

                if (RequiredString(root, "url") is not { } url)
                {
                    return null;
                }

                if (url != endpoint)
                {
                    return Fail("url_mismatch", $"The url '{url}' is not this batch's endpoint, {endpoint}; every request of a batch goes to its endpoint.", "url");
                }

                if (!root.TryGetProperty("body", out var body))
                {
                    return Fail("missing_required_parameter", "Missing required parameter: 'body'.", "body");
                }

                if (body.ValueKind != JsonValueKind.Object)
                {
                    return Fail("invalid_type", $"body must be a JSON object (the request to {endpoint}), not {Kind(body)}.", "body");
                }

                if (!_customIds.Add(customId))
                {
                    return Fail("duplicate_custom_id", $"The custom_id '{customId}' is already used by an earlier request; each request of a batch needs its own.", "custom_id");
                }

                return new BatchInputLine(_line, customId, body.GetRawText());
            }
        }

        /// <summary>A required string field; null, with the error recorded, when it is missing or not a string.</summary>
        private string? RequiredString(JsonElement root, string name)
        {
            if (!root.TryGetProperty(name, out var value))
            {
                Fail("missing_required_parameter", $"Missing required parameter: '{name}'.", name);
                return null;
            }

            if (value.ValueKind != JsonValueKind.String)
            {
                Fail("invalid_type", $"{name} must be a string, not {Kind(value)}.", name);
                return null;
            }

            try
            {
                return value.GetString();
            }
            catch (InvalidOperationException)
            {
                Fail("invalid_value", $"{name} holds an unpaired surrogate escape, which encodes no character.", name);
                return null;
            }
        }

        private BatchInputLine? Fail(string code, string message, string? param)
        {
            _errors.Add(new BatchLineError(code, message, param, _line));
            return null;
        }

        private static string Kind(JsonElement value) => value.ValueKind switch
        {
            JsonValueKind.Array => "an array",
            JsonValueKind.Number => "a number",
            JsonValueKind.True or JsonValueKind.False => "a boolean",
            JsonValueKind.Null => "null",
            JsonValueKind.Object => "an object",
            _ => "a string",
        };
    }
}

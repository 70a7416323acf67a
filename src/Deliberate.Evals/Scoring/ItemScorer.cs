using System.Text.Json;
using Deliberate.Evals.Suites;
using Microsoft.Extensions.AI;

namespace Deliberate.Evals.Scoring;

/// <summary>What one reply scored: whether it was right and the answer key used for majority voting.</summary>
/// <param name="Correct">
/// Exact match after normalisation (or the expected tool call with matching arguments, or the expected behaviour).
/// </param>
/// <param name="AnswerKey">
/// Normalised answer (or tool call, or <see cref="ExpectationScorer">the kind of reply</see>) that majority voting
/// counts; empty when none was found.
/// </param>
/// <param name="RightTool">
/// For tool-call items, whether the first call names the expected tool with arguments valid against its declared
/// schema, whatever their values (issue 6's measure); null for other items.
/// </param>
public readonly record struct ItemScore(bool Correct, string AnswerKey, bool? RightTool = null)
{
    /// <summary>On items that expect a behaviour, whether the reply is a <see cref="RefusalRule">refusal</see>; null on others.</summary>
    public bool? Refused { get; init; }

    /// <summary>What makes the reply <see cref="DegeneracyCheck">degenerate</see>, or null; checked on every item.</summary>
    public string? Degeneracy { get; init; }
}

/// <summary>Scores a reply against an item's expectation, and checks every reply for degeneracy.</summary>
public static class ItemScorer
{
    public static ItemScore Score(EvalItem item, ChatResponse response) => Score(item, response, Reply.From(response));

    /// <summary>Scores with the reply's parts already taken apart (<see cref="Reply.From"/>).</summary>
    public static ItemScore Score(EvalItem item, ChatResponse response, Reply reply)
    {
        ArgumentNullException.ThrowIfNull(item);
        ArgumentNullException.ThrowIfNull(response);
        ArgumentNullException.ThrowIfNull(reply);
        var degeneracy = DegeneracyCheck.Find(reply);
        var score = item.Expect is { } expect ? ExpectationScorer.Score(expect, item.MustInclude, reply, degeneracy)
            : item.ExpectsToolCall ? ScoreToolCall(item, response)
            : item.JsonKey is { } key ? ScoreJsonAnswer(item.Expected, response.Text, key)
            : ScoreAnswer(item.Expected, response.Text);
        return score with { Degeneracy = degeneracy };
    }

    /// <summary>Scores an item whose answer must be a JSON object carrying the value under <paramref name="key"/>.</summary>
    public static ItemScore ScoreJsonAnswer(JsonElement expected, string? content, string key)
    {
        var text = content ?? "";
        var start = text.IndexOf('{', StringComparison.Ordinal);
        var end = text.LastIndexOf('}');
        if (start < 0 || end < start)
        {
            return new ItemScore(false, "");
        }

        try
        {
            using var document = JsonDocument.Parse(text[start..(end + 1)]);
            if (document.RootElement.ValueKind != JsonValueKind.Object || !document.RootElement.TryGetProperty(key, out var value))
            {
                return new ItemScore(false, "");
            }

            var answer = value.ValueKind == JsonValueKind.String ? value.GetString()! : value.GetRawText();
            var wanted = AnswerNormalizer.Normalize(expected.ValueKind == JsonValueKind.String ? expected.GetString()! : expected.GetRawText());
            var normalized = AnswerNormalizer.Normalize(answer);
            return new ItemScore(normalized == wanted, normalized);
        }
        catch (JsonException)
        {
            return new ItemScore(false, "");
        }
    }

    /// <summary>Scores a final-answer item from the visible reply text.</summary>
    public static ItemScore ScoreAnswer(JsonElement expected, string? content)
    {
        var wanted = AnswerNormalizer.Normalize(expected.ValueKind == JsonValueKind.String ? expected.GetString()! : expected.GetRawText());
        var answer = AnswerExtractor.Extract(content);
        var key = answer.Length == 0 ? "" : AnswerNormalizer.Normalize(answer);
        return new ItemScore(key.Length > 0 && key == wanted, key);
    }

    private static ItemScore ScoreToolCall(EvalItem item, ChatResponse response)
    {
        var name = item.Expected.GetProperty("name").GetString();
        var call = response.Messages.SelectMany(m => m.Contents).OfType<FunctionCallContent>().FirstOrDefault();
        if (call is null)
        {
            return new ItemScore(false, "", RightTool: false);
        }

        var arguments = JsonSerializer.SerializeToElement(call.Arguments ?? new Dictionary<string, object?>(), EvalJson.Default.IDictionaryStringObject);
        var key = $"{call.Name}({Canonical(arguments)})";
        var correct = call.Name == name
            && (!item.Expected.TryGetProperty("arguments", out var wantedArguments) || Canonical(wantedArguments) == Canonical(arguments));
        return new ItemScore(correct, key, call.Name == name && HasValidArguments(item, call, arguments));
    }

    /// <summary>The call's arguments parsed and are valid against the schema the item declares for that tool.</summary>
    private static bool HasValidArguments(EvalItem item, FunctionCallContent call, JsonElement arguments)
    {
        // A client that could not parse the arguments reports it here and leaves them empty: that is not valid.
        if (call.Exception is not null)
        {
            return false;
        }

        // A tool the item does not declare has no schema to be valid against.
        var declaration = item.Tools.OfType<AIFunctionDeclaration>().FirstOrDefault(t => t.Name == call.Name);
        return declaration is not null && ToolArgumentValidator.IsValid(declaration.JsonSchema.GetRawText(), arguments.GetRawText());
    }

    /// <summary>JSON with object keys sorted and numbers in canonical form, so equal values compare equal.</summary>
    private static string Canonical(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.Object => "{" + string.Join(",", element.EnumerateObject().OrderBy(p => p.Name, StringComparer.Ordinal)
            .Select(p => JsonSerializer.Serialize(p.Name, EvalJson.Default.String) + ":" + Canonical(p.Value))) + "}",
        JsonValueKind.Array => "[" + string.Join(",", element.EnumerateArray().Select(Canonical)) + "]",
        JsonValueKind.Number => element.TryGetDecimal(out var d) ? d.ToString("G29", System.Globalization.CultureInfo.InvariantCulture) : element.GetRawText(),
        JsonValueKind.String => JsonSerializer.Serialize(AnswerNormalizer.Normalize(element.GetString()!), EvalJson.Default.String),
        _ => element.GetRawText(),
    };
}

using System.Text;
using Deliberate.Engine.Chat;
using Deliberate.Engine.Grammar;
using Deliberate.Engine.Sampling;
using Deliberate.Engine.Templates;
using Deliberate.Engine.Tests.Grammar;
using Xunit.Abstractions;

namespace Deliberate.Engine.Tests.Chat;

/// <summary>
/// Closing when the room runs out, over the grammar corpus (the hand-written API schemas and generated ones) with a
/// random-weight model sampling at temperature 1 under tiny <c>max_completion_tokens</c> around each schema's shortest
/// answer: whenever the limit leaves room for the shortest answer, the answer parses and validates, whatever the
/// limit, and an answer the limit cut ends with <c>length</c>; below that, the answer is cut as it always was.
/// </summary>
public sealed class ClosingCorpusTests(ITestOutputHelper output) : IDisposable
{
    private const int GeneratedSchemas = 40;

    private readonly TinyChatModel _tiny = new(options: new ChatModelOptions { Threads = 2, ContextSize = 1024, MaxActiveSequences = 16 });

    public void Dispose() => _tiny.Dispose();

    [Fact]
    public async Task EveryAnswerWithRoomForTheShortestOneValidatesWhateverTheLimit()
    {
        var schemas = HandWrittenSchemas.All.Select(s => s.Json).ToList();
        var generator = new SchemaGenerator(4242);
        while (schemas.Count < HandWrittenSchemas.All.Count + GeneratedSchemas)
        {
            var schema = generator.Next();
            try
            {
                JsonSchemaGrammar.CompileUncached(schema);
                schemas.Add(schema);
            }
            catch (SchemaCompileException)
            {
                // unsatisfiable generated schema (GrammarCorpusTests counts these); draw another
            }
        }

        var runs = new List<(string Schema, int Shortest, int Limit, Task<Answer> Answer)>();
        for (var i = 0; i < schemas.Count; i++)
        {
            var shortest = ShortestAnswer(schemas[i]);
            foreach (var limit in new[] { shortest - 1, shortest, shortest + 1, shortest + 4, shortest + 16 })
            {
                runs.Add((schemas[i], shortest, limit, Generate(schemas[i], limit, seed: (ulong)(runs.Count + 1))));
            }
        }

        await Task.WhenAll(runs.Select(r => r.Answer));
        var failures = new List<string>();
        int closed = 0, stopped = 0, cut = 0, refused = 0;
        foreach (var (schema, shortest, limit, task) in runs)
        {
            var answer = task.Result;
            var where = $"limit {limit} (shortest {shortest}), finish {answer.Finish}, {answer.Tokens} tokens: {answer.Content}\nschema {schema}";
            if (answer.Refused)
            {
                refused++;
                continue;
            }

            if (answer.Tokens > limit)
            {
                failures.Add("over the limit: " + where);
            }

            if (limit < shortest)
            {
                // No room for any answer: cut where the limit fell, as before.
                cut++;
                if (answer.Finish != "length")
                {
                    failures.Add("not cut: " + where);
                }

                continue;
            }

            if (IndependentValidator.Check(schema, Encoding.UTF8.GetBytes(answer.Content.Trim())) is { } problem)
            {
                failures.Add($"{problem}: {where}");
            }

            if (answer.Finish == "length")
            {
                closed++;
            }
            else if (answer.Finish == "stop")
            {
                stopped++;
            }
            else
            {
                failures.Add("finish: " + where);
            }
        }

        output.WriteLine($"{runs.Count} answers: {closed} closed at the limit, {stopped} finished, {cut} without room, {refused} refused");
        Assert.True(failures.Count == 0, $"{failures.Count} failures:\n" + string.Join("\n", failures.Take(5)));
        Assert.True(closed >= runs.Count / 2, $"only {closed} answers were closed at the limit");
    }

    /// <summary>Tokens of the shortest answer the schema allows, in the tiny model's vocabulary.</summary>
    private int ShortestAnswer(string schema)
    {
        var tokens = new List<int>();
        Assert.True(JsonSchemaGrammar.Compile(schema).CreateMatcher(_tiny.Model.Constraints.Tokens).TryGetShortestCompletionTokens(tokens));
        return tokens.Count;
    }

    private async Task<Answer> Generate(string schema, int limit, ulong seed)
    {
        var request = new ChatRequest
        {
            Messages = [ChatTemplateMessage.User("Answer in JSON.")],
            MaxCompletionTokens = limit,
            // The room is the answer's: a model that thought first would spend it on its reasoning.
            Sampling = new SamplerOptions { Temperature = 1, Seed = seed, LogitBias = new Dictionary<int, float> { [_tiny.Model.ThinkOpenId!.Value] = -100 } },
            // Strict compilation as the API does, without the refusal phrases: a random model opens one half the time.
            Constraint = new OutputConstraint { Grammar = JsonSchemaGrammar.Compile(schema) },
        };
        var content = new StringBuilder();
        var refused = false;
        var finish = "";
        var tokens = 0;
        await foreach (var e in new ChatGenerator(_tiny.Model).GenerateAsync(request))
        {
            switch (e)
            {
                case ContentChunk c: content.Append(c.Text); break;
                case RefusalChunk: refused = true; break;
                case ChoiceFinished f: (finish, tokens) = (f.Outcome.FinishReason, f.Outcome.CompletionTokens); break;
            }
        }

        return new Answer(content.ToString(), finish, tokens, refused);
    }

    private sealed record Answer(string Content, string Finish, int Tokens, bool Refused);
}

using System.Text;
using Deliberate.Engine.Chat;
using Deliberate.Engine.Grammar;
using Deliberate.Engine.Sampling;
using Deliberate.Engine.Templates;
using Deliberate.Engine.Tests.Grammar;
using Xunit.Abstractions;
using Deliberate.Engine.Reasoning;

namespace Deliberate.Engine.Tests.Chat;

/// <summary>
/// Structured outputs with the model a fresh clone serves: deliberate-nano answers under the grammar of every
/// hand-written API schema and of generated ones (seeded), sampling at temperature 1 with a seed per item, and every
/// completed answer is checked by System.Text.Json and NJsonSchema. The model was never trained on these schemas,
/// so this is the grammar holding a real model's preferences to the schema, not the model knowing it. An answer the
/// token limit cuts is closed the shortest way (finish <c>length</c>), so it validates too.
/// </summary>
public sealed class NanoStructuredOutputTests(ITestOutputHelper output) : IDisposable
{
    private const int GeneratedSchemas = 100;

    private readonly ChatModel _nano = ChatModel.Load(RepositoryPaths.ShippedNano, new ChatModelOptions { Threads = 2, MaxActiveSequences = 16 });

    public void Dispose() => _nano.Dispose();

    private const string Person = """
        {"type":"object","properties":{"name":{"type":"string"},"age":{"type":["integer","null"]}},
         "required":["name","age"],"additionalProperties":false}
        """;

    [Fact]
    public async Task EveryAnswerValidatesAgainstItsSchema()
    {
        var schemas = HandWrittenSchemas.All.Select(s => s.Json).ToList();
        var generator = new SchemaGenerator(2026);
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
                // unsatisfiable generated schema (the corpus test counts these); draw another
            }
        }

        var results = await Task.WhenAll(schemas.Select((schema, i) => Answer(schema, "Answer with a JSON object.", Effort.Low, seed: (ulong)i + 1, maxTokens: 400, strict: false)));
        var failures = new List<string>();
        var completed = 0;
        var closed = 0;
        for (var i = 0; i < schemas.Count; i++)
        {
            var (content, finish) = results[i];
            if (content.Length == 0)
            {
                continue; // refused: the answer is a refusal, not JSON
            }

            completed += finish == "stop" ? 1 : 0;
            closed += finish == "length" ? 1 : 0;
            if (IndependentValidator.Check(schemas[i], Encoding.UTF8.GetBytes(content.Trim())) is { } problem)
            {
                failures.Add($"schema {i} ({finish}): {problem}\n{content}");
            }
        }

        output.WriteLine($"schemas {schemas.Count}: completed {completed}, closed at the limit {closed}, invalid {failures.Count}");
        Assert.True(failures.Count == 0, string.Join("\n", failures.Take(5)));
        Assert.True(completed >= schemas.Count / 2, $"only {completed} of {schemas.Count} answers completed");
    }

    [Fact]
    public async Task MakingUpAPersonAtLowEffortAlwaysGivesAValidPerson()
    {
        // The request of issue 24: "Make up a person." under a strict schema at low effort. deliberate-nano mostly
        // writes the name until the room runs out ("bbbb…", "____…"); the answer is then closed, whatever the limit: the
        // context (no max_completion_tokens) or a small one. Refusals are the model's other way out.
        var runs = new List<Task<(string Content, string Finish)>>();
        for (ulong seed = 1; seed <= 8; seed++)
        {
            runs.Add(Answer(Person, "Make up a person.", Effort.Low, seed, maxTokens: null, strict: true));
            runs.Add(Answer(Person, "Make up a person.", Effort.Low, seed, maxTokens: 40, strict: true));
        }

        var answered = 0;
        foreach (var (content, finish) in await Task.WhenAll(runs))
        {
            if (content.Length == 0)
            {
                continue;
            }

            answered++;
            Assert.True(finish is "stop" or "length", finish);
            Assert.True(IndependentValidator.Check(Person, Encoding.UTF8.GetBytes(content.Trim())) is null, $"{finish}: {content}");
        }

        Assert.True(answered >= runs.Count / 2, $"only {answered} of {runs.Count} answered");
    }

    private async Task<(string Content, string Finish)> Answer(string schema, string question, Effort effort, ulong seed, int? maxTokens, bool strict)
    {
        var request = new ChatRequest
        {
            Messages = [ChatTemplateMessage.User(question)],
            Effort = effort,
            MaxCompletionTokens = maxTokens,
            Sampling = new SamplerOptions { Temperature = 1, Seed = seed },
            Constraint = OutputConstraints.JsonSchema(schema, strict),
        };
        var content = new StringBuilder();
        var finish = "";
        await foreach (var e in new ChatGenerator(_nano).GenerateAsync(request))
        {
            switch (e)
            {
                case ContentChunk c: content.Append(c.Text); break;
                case ChoiceFinished f: finish = f.Outcome.FinishReason; break;
            }
        }

        return (content.ToString(), finish);
    }
}

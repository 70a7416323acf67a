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
/// so this is the grammar holding a real model's preferences to the schema, not the model knowing it.
/// </summary>
public sealed class NanoStructuredOutputTests(ITestOutputHelper output) : IDisposable
{
    private const int GeneratedSchemas = 100;

    private readonly ChatModel _nano = ChatModel.Load(RepositoryPaths.ShippedNano, new ChatModelOptions { Threads = 2, MaxActiveSequences = 16 });

    public void Dispose() => _nano.Dispose();

    [Fact]
    public async Task EveryCompletedAnswerValidatesAgainstItsSchema()
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

        var results = await Task.WhenAll(schemas.Select((schema, i) => Answer(schema, seed: (ulong)i + 1)));
        var failures = new List<string>();
        var completed = 0;
        for (var i = 0; i < schemas.Count; i++)
        {
            var (content, finish) = results[i];
            if (finish != "stop")
            {
                continue; // ran out of tokens inside a free string: not an answer, and not counted as one
            }

            completed++;
            if (IndependentValidator.Check(schemas[i], Encoding.UTF8.GetBytes(content.Trim())) is { } problem)
            {
                failures.Add($"schema {i}: {problem}\n{content}");
            }
        }

        output.WriteLine($"schemas {schemas.Count}: completed {completed}, invalid {failures.Count}");
        Assert.True(failures.Count == 0, string.Join("\n", failures.Take(5)));
        Assert.True(completed >= schemas.Count / 2, $"only {completed} of {schemas.Count} answers completed");
    }

    private async Task<(string Content, string Finish)> Answer(string schema, ulong seed)
    {
        var request = new ChatRequest
        {
            Messages = [ChatTemplateMessage.User("Answer with a JSON object.")],
            Effort = Effort.Low,
            MaxCompletionTokens = 400,
            Sampling = new SamplerOptions { Temperature = 1, Seed = seed },
            Constraint = OutputConstraints.JsonSchema(schema, strict: false),
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

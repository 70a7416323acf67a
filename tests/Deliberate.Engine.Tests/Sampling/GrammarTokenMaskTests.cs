using System.Text;
using System.Text.Json;
using Deliberate.Engine.Grammar;
using Deliberate.Engine.Sampling;

namespace Deliberate.Engine.Tests.Sampling;

public sealed class GrammarTokenMaskTests
{
    [Fact]
    public void SamplingRandomLogitsThroughASchemaMaskYieldsValidJson()
    {
        // A byte-level vocabulary plus a few merged tokens and an end-of-text token.
        var tokens = Enumerable.Range(0, 256).Select(b => new[] { (byte)b }).ToList();
        foreach (var merged in new[] { "{\"", "\":", "\"}", "true", "false", "12", "ab" })
        {
            tokens.Add(Encoding.UTF8.GetBytes(merged));
        }

        tokens.Add(Encoding.UTF8.GetBytes("<|endoftext|>"));
        var eos = tokens.Count - 1;
        var vocabulary = TokenVocabulary.Create(tokens, new HashSet<int> { eos }, new HashSet<int>());
        var grammar = JsonSchemaGrammar.CompileUncached(
            """{"type": "object", "properties": {"ok": {"type": "boolean"}, "n": {"type": "integer"}}, "required": ["ok", "n"], "additionalProperties": false}""");

        var random = new Xoshiro256StarStar(77);
        var logits = new float[tokens.Count];
        for (var trial = 0; trial < 5; trial++)
        {
            var matcher = grammar.CreateMatcher(vocabulary);
            var sampler = new Sampler(tokens.Count, new SamplerOptions { Seed = (ulong)trial }, new GrammarTokenMask(matcher));
            var output = new List<byte>();
            for (var step = 0; step < 200; step++)
            {
                for (var i = 0; i < logits.Length; i++)
                {
                    logits[i] = (float)(random.NextDouble() * 6);
                }

                logits[eos] += 4; // prefer stopping once the grammar allows it, so outputs stay short
                var token = sampler.Sample(logits, []);
                Assert.True(matcher.Accept(token), $"sampler chose token {token}, which the grammar forbids");
                if (token == eos)
                {
                    break;
                }

                output.AddRange(tokens[token]);
            }

            using var document = JsonDocument.Parse(output.ToArray());
            Assert.Equal(JsonValueKind.Object, document.RootElement.ValueKind);
            Assert.True(document.RootElement.GetProperty("ok").ValueKind is JsonValueKind.True or JsonValueKind.False);
            Assert.Equal(JsonValueKind.Number, document.RootElement.GetProperty("n").ValueKind);
        }
    }
}

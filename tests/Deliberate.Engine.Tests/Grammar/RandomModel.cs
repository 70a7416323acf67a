using System.Numerics;
using Deliberate.Engine.Grammar;

namespace Deliberate.Engine.Tests.Grammar;

/// <summary>
/// A seeded stand-in for a language model: at each step it picks uniformly among the tokens the mask allows,
/// except that with some probability it prefers tokens that close something (']' or '}', or '"') so that outputs
/// finish, and it ends (EOS) with probability <c>0.5</c> whenever the grammar can terminate.
/// </summary>
internal sealed class RandomModel(Random rng, TokenVocabulary vocabulary, IReadOnlyList<byte[]> tokens)
{
    private readonly ulong[] _mask = new ulong[vocabulary.MaskLength];
    private readonly List<int> _allowed = [];
    private readonly List<int> _closing = [];
    private readonly List<int> _quoting = [];

    public sealed record Result(bool Completed, byte[] Output, int Tokens, string? Failure);

    public Result Generate(GrammarMatcher matcher, int maxTokens, Action<GrammarMatcher, ulong[], IReadOnlyList<byte>>? onStep = null)
    {
        var output = new List<byte>();
        for (var step = 0; step < maxTokens; step++)
        {
            matcher.FillMask(_mask);
            onStep?.Invoke(matcher, _mask, output);
            _allowed.Clear();
            _closing.Clear();
            _quoting.Clear();
            var eosAllowed = false;
            for (var w = 0; w < _mask.Length; w++)
            {
                var bits = _mask[w];
                while (bits != 0)
                {
                    var id = (w << 6) + BitOperations.TrailingZeroCount(bits);
                    bits &= bits - 1;
                    if (vocabulary.EndOfGenerationIds.Contains(id))
                    {
                        eosAllowed = true;
                        continue;
                    }
                    _allowed.Add(id);
                    var t = tokens[id];
                    if (t.AsSpan().IndexOfAny("]}"u8) >= 0)
                        _closing.Add(id);
                    if (t.AsSpan().IndexOf((byte)'"') >= 0)
                        _quoting.Add(id);
                }
            }
            if (eosAllowed != matcher.CanTerminate)
                return new(false, [.. output], step, "EOS bit disagrees with CanTerminate");
            if (eosAllowed && (_allowed.Count == 0 || rng.NextDouble() < 0.5))
            {
                if (!matcher.Accept(vocabulary.EndOfGenerationIds[0]))
                    return new(false, [.. output], step, "EOS was allowed but not accepted");
                return new(true, [.. output], step, null);
            }
            if (_allowed.Count == 0)
                return new(false, [.. output], step, "dead end: no token allowed and cannot terminate");
            var roll = rng.NextDouble();
            var pool = _closing.Count > 0 && roll < 0.35 ? _closing : _quoting.Count > 0 && roll < 0.6 ? _quoting : _allowed;
            var pick = pool[rng.Next(pool.Count)];
            if (!matcher.Accept(pick))
                return new(false, [.. output], step, $"allowed token {pick} was not accepted");
            output.AddRange(tokens[pick]);
            if (matcher.IsComplete)
            {
                matcher.FillMask(_mask);
                return new(true, [.. output], step + 1, null);
            }
        }
        return new(false, [.. output], maxTokens, null);
    }
}

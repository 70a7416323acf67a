using Deliberate.Engine.Models;
using Deliberate.Engine.Reasoning;
using Deliberate.Engine.Sampling;
using Deliberate.Engine.Tokenization;

namespace Deliberate.Engine.Chat;

/// <summary>
/// One choice being generated: its sequence (KV cache), sampler, thinking budget, text decoding, reasoning split
/// and stop matching. The generation loop feeds it one sampled token a step and collects what it emits.
/// </summary>
internal sealed class ChoiceState
{
    private readonly Sampler _sampler;
    private readonly ThinkingBudget _budget;
    private readonly StreamingDecoder _decoder;
    private readonly ReasoningParser _parser;
    private readonly StopStringMatcher? _stop;
    private readonly IReadOnlySet<int> _endOfGeneration;
    private readonly int _maxTokens;
    private readonly List<int> _recent = [];
    private readonly List<ReasoningDelta> _deltas = [];
    private readonly List<int> _forced = [];
    private readonly AnswerGate? _gate;
    private readonly ChatModel _model;

    public ChoiceState(int index, SequenceState sequence, ChatModel model, ChatRequest request, int maxTokens, bool promptOpensReasoning)
    {
        Index = index;
        Sequence = sequence;
        _model = model;
        _maxTokens = maxTokens;
        var sampling = request.Sampling.Seed is { } seed ? request.Sampling with { Seed = seed + (ulong)index } : request.Sampling;
        if (request.Constraint is { } constraint)
        {
            _gate = new AnswerGate(constraint, model.Constraints, model.Tokenizer, model.ThinkOpenId, promptOpensReasoning);
        }

        _sampler = new Sampler(model.Tokenizer.VocabSize, sampling, _gate);
        _budget = new ThinkingBudget(new ThinkingBudgetOptions
        {
            MaxReasoningTokens = model.ResolveThinkingBudget(request.Effort, request.ThinkingBudget).Tokens,
            OpenTokenId = model.ThinkOpenId,
            CloseTokenId = model.ThinkCloseId,
            EndOfThinkingTokens = model.EndOfThinking,
            StartInReasoning = promptOpensReasoning,
        });
        _decoder = model.Tokenizer.CreateStreamingDecoder(renderSpecial: true);
        _parser = new ReasoningParser(ReasoningTags.Think, promptOpensReasoning);
        _stop = request.Stop.Count > 0 ? new StopStringMatcher(request.Stop) : null;
        _endOfGeneration = model.Tokenizer.EndOfGenerationIds;
    }

    public int Index { get; }

    public SequenceState Sequence { get; }

    /// <summary>Tokens to feed the model next step (the sampled token, or the forced end of thinking).</summary>
    public List<int> Pending { get; } = [];

    public bool Done { get; private set; }

    public int CompletionTokens { get; private set; }

    public int ReasoningTokens { get; private set; }

    /// <summary>Samples from this choice's logits and turns the result into events; fills <see cref="Pending"/>.</summary>
    public void Step(ReadOnlySpan<float> logits, List<ChatEvent> events)
    {
        Pending.Clear();
        ReadOnlySpan<int> commit;
        if (_gate is not null && _gate.TakeForced(_forced))
        {
            commit = System.Runtime.InteropServices.CollectionsMarshal.AsSpan(_forced);
        }
        else
        {
            var token = _sampler.Sample(logits, System.Runtime.InteropServices.CollectionsMarshal.AsSpan(_recent));
            if (_endOfGeneration.Contains(token))
            {
                Finish("stop", events);
                return;
            }

            commit = _budget.Next(token).Tokens.Span;
        }

        foreach (var committed in commit)
        {
            if (CompletionTokens >= _maxTokens)
            {
                Finish("length", events);
                return;
            }

            CompletionTokens++;
            _recent.Add(committed);
            Pending.Add(committed);
            var wasReasoning = _parser.InReasoning;
            var text = _decoder.Decode(committed);
            _deltas.Clear();
            if (text.Length > 0 && Shows(committed))
            {
                _parser.Push(text, _deltas);
            }

            if (wasReasoning || _parser.InReasoning)
            {
                // The think tags count as reasoning, as OpenAI counts all hidden tokens.
                ReasoningTokens++;
            }

            // The gate moves first, so a token that starts a refusal is already reported as refusal.
            _gate?.OnCommitted(committed, _parser.InReasoning);
            EmitDeltas(events);
            if (Done)
            {
                return;
            }

            if (_gate is { Finished: true })
            {
                Finish("stop", events);
                return;
            }
        }

        if (CompletionTokens >= _maxTokens)
        {
            Finish("length", events);
        }
    }

    /// <summary>
    /// Control tokens show only where they mean something: the think tags where they open or close the reasoning
    /// (first token, or inside it), the tool-call tags. Any other (a random model's stray <c>&lt;|im_start|&gt;</c>,
    /// a second <c>&lt;think&gt;</c> in an answer) is generated and counted but never reaches the text.
    /// </summary>
    private bool Shows(int token)
    {
        if (!_model.Tokenizer.IsControl(token) || _model.AnswerControlTokens.Contains(token))
        {
            return true;
        }

        return (token == _model.ThinkOpenId && CompletionTokens == 1 && !_parser.InReasoning)
            || (token == _model.ThinkCloseId && _parser.InReasoning);
    }

    /// <summary>Ends the choice because the context is full.</summary>
    public void Truncated(List<ChatEvent> events) => Finish("length", events);

    private void EmitDeltas(List<ChatEvent> events)
    {
        foreach (var delta in _deltas)
        {
            if (delta.Channel == ReasoningChannel.Reasoning)
            {
                events.Add(new ReasoningChunk(Index, delta.Text));
                continue;
            }

            var answer = delta.Text;
            if (_stop is not null)
            {
                var match = _stop.Push(answer);
                answer = match.Text;
                if (match.Stopped)
                {
                    AddContent(answer, events);
                    Finish("stop", events, flush: false);
                    return;
                }
            }

            AddContent(answer, events);
        }
    }

    private void AddContent(string text, List<ChatEvent> events)
    {
        if (text.Length == 0)
        {
            return;
        }

        if (_gate is { InRefusal: true })
        {
            events.Add(new RefusalChunk(Index, text));
            return;
        }

        events.Add(new ContentChunk(Index, text));
    }

    private void Finish(string reason, List<ChatEvent> events, bool flush = true)
    {
        if (Done)
        {
            return;
        }

        if (flush)
        {
            _deltas.Clear();
            var tail = _decoder.Flush();
            if (tail.Length > 0)
            {
                _parser.Push(tail, _deltas);
            }

            _parser.Flush(_deltas);
            foreach (var delta in _deltas)
            {
                if (delta.Channel == ReasoningChannel.Reasoning)
                {
                    events.Add(new ReasoningChunk(Index, delta.Text));
                }
                else
                {
                    AddContent(delta.Text, events);
                }
            }

            if (_stop is not null)
            {
                AddContent(_stop.Flush(), events);
            }
        }

        Done = true;
        events.Add(new ChoiceFinished(Index, reason, CompletionTokens, ReasoningTokens));
    }
}

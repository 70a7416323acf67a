using System.Runtime.InteropServices;
using Deliberate.Engine.Models;
using Deliberate.Engine.Reasoning;
using Deliberate.Engine.Sampling;
using Deliberate.Engine.Tokenization;

namespace Deliberate.Engine.Chat;

/// <summary>
/// One choice being generated: its sequence (KV cache), sampler, thinking budget, text decoding, reasoning split
/// and stop matching. The scheduler feeds it the logits of its last token each step; it samples, commits and writes
/// what the token means to its request's <see cref="RequestEventQueue"/>. A step allocates nothing: text passes as
/// spans through buffers sized once (the decoder's, the parser's, the stop matcher's and this choice's own).
/// </summary>
internal sealed class ChoiceState : IReasoningOutput, ITextOutput
{
    private readonly Sampler _sampler;
    private readonly ThinkingBudget _budget;
    private readonly StreamingDecoder _decoder;
    private readonly ReasoningParser _parser;
    private readonly StopStringMatcher? _stop;
    private readonly IReadOnlySet<int> _endOfGeneration;
    private readonly int _maxTokens;
    private readonly List<int> _recent;
    private readonly List<int> _forced = [];
    private readonly AnswerGate? _gate;
    private readonly ChatModel _model;
    private readonly RequestEventQueue _events;
    private char[] _decoded = new char[64];

    // What the parser released during one token, written out after the gate has seen the token (see Step).
    private char[] _stepReasoning = new char[64];
    private int _stepReasoningLength;
    private char[] _stepAnswer = new char[64];
    private int _stepAnswerLength;

    public ChoiceState(int index, SequenceState sequence, ChatModel model, ChatRequest request, int thinkingBudget, int maxTokens, bool promptOpensReasoning, RequestEventQueue events)
    {
        Index = index;
        Sequence = sequence;
        _model = model;
        _maxTokens = maxTokens;
        _events = events;
        _recent = new List<int>(Math.Max(1, maxTokens));
        var sampling = request.Sampling.Seed is { } seed ? request.Sampling with { Seed = seed + (ulong)index } : request.Sampling;
        if (request.Constraint is { } constraint)
        {
            _gate = new AnswerGate(constraint, model.Constraints, model.Tokenizer, model.ThinkOpenId, promptOpensReasoning);
        }

        _sampler = new Sampler(model.Tokenizer.VocabSize, sampling, _gate);
        _budget = new ThinkingBudget(new ThinkingBudgetOptions
        {
            MaxReasoningTokens = thinkingBudget,
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
    public List<int> Pending { get; } = new(ChatScheduler.MaxPendingPerChoice);

    public bool Done { get; private set; }

    public int CompletionTokens { get; private set; }

    public int ReasoningTokens { get; private set; }

    /// <summary>Samples from this choice's logits and writes what the result means; fills <see cref="Pending"/>.</summary>
    public void Step(ReadOnlySpan<float> logits)
    {
        Pending.Clear();
        ReadOnlySpan<int> commit;
        var room = _maxTokens - CompletionTokens;
        if (_gate is not null && _gate.TakeForced(_forced, room))
        {
            commit = CollectionsMarshal.AsSpan(_forced);
        }
        else
        {
            var token = _sampler.Sample(logits, CollectionsMarshal.AsSpan(_recent));
            if (_endOfGeneration.Contains(token))
            {
                Finish("stop");
                return;
            }

            // A token that would leave too little room to finish a constrained answer gives way to its closing.
            commit = _gate is not null && _gate.ClosesInsteadOf(token, room, _forced)
                ? System.Runtime.InteropServices.CollectionsMarshal.AsSpan(_forced)
                : _budget.Next(token).Tokens.Span;
        }

        foreach (var committed in commit)
        {
            if (CompletionTokens >= _maxTokens)
            {
                Finish("length");
                return;
            }

            CompletionTokens++;
            _recent.Add(committed);
            Pending.Add(committed);
            var wasReasoning = _parser.InReasoning;
            var text = Decode(committed);
            if (text.Length > 0 && Shows(committed))
            {
                _parser.Push(text, this);
            }

            if (wasReasoning || _parser.InReasoning)
            {
                // The think tags count as reasoning, as OpenAI counts all hidden tokens.
                ReasoningTokens++;
            }

            if (wasReasoning && !_parser.InReasoning)
            {
                // The reasoning may end in text (a close tag spelled in ordinary tokens) rather than with the close
                // token the budget watches for. Left counting, the budget would later force its end of thinking into
                // the answer, behind the grammar's back: raw newlines inside a strict JSON string.
                _budget.NotifyReasoningEnded();
            }

            // The gate moves first, so a token that starts a refusal is already reported as refusal.
            _gate?.OnCommitted(committed, _parser.InReasoning);
            if (WriteStepText())
            {
                Finish("stop", flush: false);
                return;
            }

            if (_gate is { Finished: true })
            {
                Finish(_gate.CutShort ? "length" : "stop");
                return;
            }
        }

        if (_gate is { Finished: true })
        {
            // A closing with nothing left to write (the value could already end).
            Finish(_gate.CutShort ? "length" : "stop");
            return;
        }

        if (CompletionTokens >= _maxTokens)
        {
            Finish("length");
        }
    }

    /// <summary>The token's text, in this choice's buffer (UTF-8 split across tokens waits for its last byte).</summary>
    private ReadOnlySpan<char> Decode(int token)
    {
        var need = _decoder.MaxCharsFor(token);
        if (_decoded.Length < need)
        {
            _decoded = new char[Math.Max(need, _decoded.Length * 2)];
        }

        _decoder.Decode(token, _decoded, out var written);
        return _decoded.AsSpan(0, written);
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
    public void Truncated() => Finish("length");

    /// <summary>The parser released text: kept until the token is fully processed (reasoning always comes before answer).</summary>
    void IReasoningOutput.Write(ReasoningChannel channel, ReadOnlySpan<char> text)
    {
        if (channel == ReasoningChannel.Reasoning)
        {
            Append(ref _stepReasoning, ref _stepReasoningLength, text);
        }
        else
        {
            Append(ref _stepAnswer, ref _stepAnswerLength, text);
        }
    }

    /// <summary>Answer text the stop matcher released.</summary>
    void ITextOutput.Write(ReadOnlySpan<char> text) => WriteAnswer(text);

    private static void Append(ref char[] buffer, ref int length, ReadOnlySpan<char> text)
    {
        if (length + text.Length > buffer.Length)
        {
            Array.Resize(ref buffer, Math.Max(length + text.Length, buffer.Length * 2));
        }

        text.CopyTo(buffer.AsSpan(length));
        length += text.Length;
    }

    /// <summary>Writes what the parser released for this token: reasoning, then answer through the stop strings. True when a stop string matched.</summary>
    private bool WriteStepText()
    {
        if (_stepReasoningLength > 0)
        {
            _events.WriteText(SchedulerEventKind.Reasoning, Index, _stepReasoning.AsSpan(0, _stepReasoningLength));
            _stepReasoningLength = 0;
        }

        if (_stepAnswerLength == 0)
        {
            return false;
        }

        var answer = _stepAnswer.AsSpan(0, _stepAnswerLength);
        _stepAnswerLength = 0;
        if (_stop is null)
        {
            WriteAnswer(answer);
            return false;
        }

        return _stop.Push(answer, this);
    }

    private void WriteAnswer(ReadOnlySpan<char> text)
    {
        if (text.Length > 0)
        {
            _events.WriteText(_gate is { InRefusal: true } ? SchedulerEventKind.Refusal : SchedulerEventKind.Content, Index, text);
        }
    }

    private void Finish(string reason, bool flush = true)
    {
        if (Done)
        {
            return;
        }

        if (flush)
        {
            var tail = _decoder.Flush();
            if (tail.Length > 0)
            {
                _parser.Push(tail, this);
            }

            _parser.Flush(this);
            if (!WriteStepText())
            {
                _stop?.Flush(this);
            }
        }

        Done = true;
        _events.Write(SchedulerEvent.ChoiceFinished(Index, reason, CompletionTokens, ReasoningTokens));
    }
}

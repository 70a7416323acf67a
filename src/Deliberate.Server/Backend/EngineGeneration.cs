using System.Diagnostics;
using System.Threading.Channels;
using Deliberate.Engine.Models;
using Deliberate.Engine.Reasoning;
using Deliberate.Engine.Sampling;
using Deliberate.Server.Chat;
using Deliberate.Server.Metrics;

namespace Deliberate.Server.Backend;

/// <summary>
/// One choice: chunked prefill, then sample → thinking budget → stop checks → reasoning split, one token at a time.
/// When reasoning reaches the effort's budget, the close tag is forced so the answer still comes.
/// </summary>
internal sealed class EngineGeneration(LoadedModel model, PreparedPrompt prompt, int choiceIndex, ServerMetrics metrics)
{
    private const int PrefillChunk = 256;

    public void Run(ChannelWriter<ChatEvent> output, CancellationToken cancellationToken)
    {
        var request = prompt.Request;
        var tokenizer = model.Tokenizer;
        var sequence = model.Model.CreateSequence(model.ContextSize);
        var state = model.Model.CreateState(PrefillChunk, 1);
        var batch = new BatchToken[PrefillChunk];
        var started = Stopwatch.GetTimestamp();

        var tokens = prompt.Tokens;
        for (var at = 0; at < tokens.Length; at += PrefillChunk)
        {
            var count = Math.Min(PrefillChunk, tokens.Length - at);
            for (var i = 0; i < count; i++)
            {
                batch[i] = new BatchToken(sequence, tokens[at + i], at + i == tokens.Length - 1);
            }

            model.Model.Forward(batch.AsSpan(0, count), state, cancellationToken);
        }

        var sampler = new Sampler(state.VocabularySize, SamplerOptionsFor(request, choiceIndex));
        var room = model.ContextSize - tokens.Length;
        var stopper = new GenerationStopper(Math.Min(request.MaxCompletionTokens, room), tokenizer.EndOfGenerationIds, request.Stop);
        var decoder = tokenizer.CreateStreamingDecoder(renderSpecial: false);
        var parser = new ReasoningParser(ReasoningTags.Think, prompt.StartsInReasoning);
        var closeTokens = tokenizer.Encode(ReasoningTags.Think.Close, addSpecial: false);
        var recent = new List<int>(tokens.Length + request.MaxCompletionTokens);
        recent.AddRange(tokens);
        var deltas = new List<ReasoningDelta>();
        var forced = new Queue<int>();
        int reasoningTokens = 0, generated = 0;
        var last = started;
        string finish = "length";

        while (!stopper.IsStopped)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var token = forced.Count > 0 ? forced.Dequeue() : sampler.Sample(state.GetLogits(0), System.Runtime.InteropServices.CollectionsMarshal.AsSpan(recent));
            var now = Stopwatch.GetTimestamp();
            (generated == 0 ? metrics.TimeToFirstToken : metrics.InterTokenLatency).Observe(Stopwatch.GetElapsedTime(last, now).TotalSeconds);
            last = now;
            generated++;
            if (parser.InReasoning)
            {
                reasoningTokens++;
                if (reasoningTokens >= request.ThinkingBudget && forced.Count == 0 && !closeTokens.Contains(token))
                {
                    foreach (var t in closeTokens)
                    {
                        forced.Enqueue(t);
                    }
                }
            }

            var step = stopper.Next(token, tokenizer.IsControl(token) && tokenizer.EndOfGenerationIds.Contains(token) ? "" : decoder.Decode(token));
            Emit(parser, step.Text, deltas, output);
            if (step.Stop is { } reason)
            {
                finish = reason == StopReason.MaxTokens ? "length" : "stop";
                break;
            }

            recent.Add(token);
            batch[0] = new BatchToken(sequence, token, true);
            model.Model.Forward(batch.AsSpan(0, 1), state, cancellationToken);
        }

        Emit(parser, decoder.Flush(), deltas, output);
        deltas.Clear();
        parser.Flush(deltas);
        Write(deltas, output);
        metrics.CountTokens(choiceIndex == 0 ? tokens.Length : 0, generated, reasoningTokens, 0);
        output.TryWrite(new ChatEvent(ChatEventKind.Finish, FinishReason: finish, CompletionTokens: generated, ReasoningTokens: reasoningTokens));
    }

    private static void Emit(ReasoningParser parser, string text, List<ReasoningDelta> deltas, ChannelWriter<ChatEvent> output)
    {
        if (text.Length == 0)
        {
            return;
        }

        deltas.Clear();
        parser.Push(text, deltas);
        Write(deltas, output);
    }

    private static void Write(List<ReasoningDelta> deltas, ChannelWriter<ChatEvent> output)
    {
        foreach (var delta in deltas)
        {
            if (delta.Text.Length > 0)
            {
                output.TryWrite(delta.Channel == ReasoningChannel.Reasoning ? ChatEvent.Reasoning(delta.Text) : ChatEvent.Content(delta.Text));
            }
        }
    }

    /// <summary>o3-mini samples at temperature 1; open mode overrides. A seed makes choice k reproducible as seed + k.</summary>
    private static SamplerOptions SamplerOptionsFor(ChatRequest request, int choiceIndex) => new()
    {
        Temperature = (float)(request.Sampling.Temperature ?? 1.0),
        TopP = (float)(request.Sampling.TopP ?? 1.0),
        PresencePenalty = (float)(request.Sampling.PresencePenalty ?? 0),
        FrequencyPenalty = (float)(request.Sampling.FrequencyPenalty ?? 0),
        Seed = request.Seed is { } seed ? unchecked((ulong)(seed + choiceIndex)) : null,
    };
}

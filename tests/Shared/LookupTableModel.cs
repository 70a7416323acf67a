using Deliberate.Engine.Gguf;
using Deliberate.Engine.Reasoning;
using Deliberate.Engine.Synthesis;
using Deliberate.Engine.Templates;
using Deliberate.Engine.Tensors;
using Deliberate.Engine.Tokenization;

namespace Deliberate.Testing;

/// <summary>
/// A qwen3 GGUF whose weights make it a lookup table, so a test knows what it will write: every block adds nothing to
/// the residual stream (attention and feed-forward outputs are zero), so the logits depend on the current token alone,
/// and the LM head gives the token that should follow each token a logit far above every other (48 against 0), so
/// greedy and seeded sampling write the same text. The vocabulary is the synthetic one plus any extra tokens (matched
/// whole, as user-defined tokens are), and the chat template's generation prompt opens the thinking, as
/// Qwen3-Thinking's does. Linked into the test projects that need a model with a known output.
/// </summary>
internal static class LookupTableModel
{
    private const int Embedding = 64;
    private const int Heads = 2;
    private const int HeadDim = 32;
    private const int FeedForward = 64;

    /// <summary>How far the wanted token's logit stands above the rest, per unit of the normalised embedding.</summary>
    private const float Sharpness = 6;

    /// <summary>The vocabulary the model is written with: the synthetic one, <paramref name="extraTokens"/> appended.</summary>
    public static TokenizerData Vocabulary(params string[] extraTokens)
    {
        var synthetic = SyntheticVocabulary.Create();
        var template = ChatTemplate.BuiltinSource(BuiltinChatTemplate.ChatMlThink)
            .Replace("{{- '<|im_start|>assistant\\n' }}", "{{- '<|im_start|>assistant\\n<think>\\n' }}", StringComparison.Ordinal);
        if (!template.Contains("assistant\\n<think>", StringComparison.Ordinal))
        {
            throw new InvalidOperationException("the built-in template's generation prompt changed; update LookupTableModel");
        }

        return new TokenizerData
        {
            Model = synthetic.Model,
            PreTokenizer = synthetic.PreTokenizer,
            Tokens = [.. synthetic.Tokens, .. extraTokens],
            TokenTypes = [.. synthetic.TokenTypes, .. extraTokens.Select(_ => (int)TokenType.UserDefined)],
            Merges = synthetic.Merges,
            BosId = synthetic.BosId,
            EosId = synthetic.EosId,
            PaddingId = synthetic.PaddingId,
            AddBos = false,
            ChatTemplate = template,
        };
    }

    /// <summary>
    /// Writes the model. After token t comes <paramref name="next"/>[t] where the map has t, else
    /// <paramref name="otherwise"/>. At most 63 tokens may have their own successor.
    /// </summary>
    public static void Write(string path, TokenizerData vocabulary, IReadOnlyDictionary<int, int> next, int otherwise, EffortBudgets? budgets = null)
    {
        if (next.Count >= Embedding)
        {
            throw new ArgumentException($"at most {Embedding - 1} tokens may have their own successor", nameof(next));
        }

        var vocab = vocabulary.VocabSize;
        // Token t's embedding is a basis vector: its own when it has its own successor, else the shared last one.
        var basis = new Dictionary<int, int>();
        foreach (var token in next.Keys)
        {
            basis[token] = basis.Count;
        }

        const int Shared = Embedding - 1;
        var embeddings = new float[vocab * Embedding];
        for (var t = 0; t < vocab; t++)
        {
            embeddings[t * Embedding + basis.GetValueOrDefault(t, Shared)] = 1;
        }

        // The LM head row of token u points at the embeddings of the tokens u follows; RMS-normalised, a basis vector
        // is 8 times itself, so u's logit after such a token is 8 * Sharpness and every other logit is 0.
        var head = new float[vocab * Embedding];
        foreach (var (token, successor) in next)
        {
            head[successor * Embedding + basis[token]] = Sharpness;
        }

        head[otherwise * Embedding + Shared] = Sharpness;

        var writer = new GgufWriter();
        writer.Add("general.architecture", "qwen3");
        writer.Add("general.name", "lookup table");
        writer.Add("qwen3.context_length", 4096u);
        writer.Add("qwen3.embedding_length", (uint)Embedding);
        writer.Add("qwen3.block_count", 1u);
        writer.Add("qwen3.feed_forward_length", (uint)FeedForward);
        writer.Add("qwen3.attention.head_count", (uint)Heads);
        writer.Add("qwen3.attention.head_count_kv", 1u);
        writer.Add("qwen3.attention.key_length", (uint)HeadDim);
        writer.Add("qwen3.attention.value_length", (uint)HeadDim);
        writer.Add("qwen3.attention.layer_norm_rms_epsilon", 1e-6f);
        writer.Add("qwen3.rope.freq_base", 1000000f);
        vocabulary.WriteTo(writer);
        budgets?.WriteTo(writer);

        void Tensor(string name, long[] dimensions, float[] values) =>
            writer.AddTensor(name, GgmlType.F32, dimensions, values.SelectMany(BitConverter.GetBytes).ToArray());
        float[] Ones(int n) => Enumerable.Repeat(1f, n).ToArray();

        Tensor("token_embd.weight", [Embedding, vocab], embeddings);
        Tensor("output_norm.weight", [Embedding], Ones(Embedding));
        Tensor("output.weight", [Embedding, vocab], head);
        Tensor("blk.0.attn_norm.weight", [Embedding], Ones(Embedding));
        Tensor("blk.0.attn_q.weight", [Embedding, Heads * HeadDim], new float[Embedding * Heads * HeadDim]);
        Tensor("blk.0.attn_k.weight", [Embedding, HeadDim], new float[Embedding * HeadDim]);
        Tensor("blk.0.attn_v.weight", [Embedding, HeadDim], new float[Embedding * HeadDim]);
        Tensor("blk.0.attn_output.weight", [Heads * HeadDim, Embedding], new float[Heads * HeadDim * Embedding]);
        Tensor("blk.0.attn_q_norm.weight", [HeadDim], Ones(HeadDim));
        Tensor("blk.0.attn_k_norm.weight", [HeadDim], Ones(HeadDim));
        Tensor("blk.0.ffn_norm.weight", [Embedding], Ones(Embedding));
        Tensor("blk.0.ffn_gate.weight", [Embedding, FeedForward], new float[Embedding * FeedForward]);
        Tensor("blk.0.ffn_up.weight", [Embedding, FeedForward], new float[Embedding * FeedForward]);
        Tensor("blk.0.ffn_down.weight", [FeedForward, Embedding], new float[FeedForward * Embedding]);
        writer.WriteTo(path);
    }
}

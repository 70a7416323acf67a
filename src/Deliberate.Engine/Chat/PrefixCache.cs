using Deliberate.Engine.Models;

namespace Deliberate.Engine.Chat;

/// <summary>
/// The KV caches of recently finished sequences, keyed by the tokens they hold. A new prompt starts from a copy of
/// the entry sharing its longest prefix, so only the tokens after that prefix are processed (OpenAI reports them as
/// <c>cached_tokens</c>). Bounded by entries and by bytes (each entry is a whole KV cache: a few MB for nano, about
/// a gigabyte for a 0.6B model at 4k context); least recently used entries are dropped first. Scheduler thread only.
/// </summary>
internal sealed class PrefixCache(int capacity, long maxBytes)
{
    /// <summary>Shorter shared prefixes are not worth a copy of the cache.</summary>
    private const int MinimumReuse = 4;

    private readonly LinkedList<Entry> _entries = new();
    private long _bytes;

    public long HitTokens { get; private set; }

    /// <summary>
    /// A fresh sequence for <paramref name="prompt"/>, already holding the longest cached prefix of it (never the
    /// whole prompt: its last token must still run to produce logits). <paramref name="cached"/> is that prefix's length.
    /// </summary>
    public SequenceState Take(ChatModel model, int[] prompt, out int cached)
    {
        var sequence = model.Transformer.CreateSequence(model.ContextSize, model.Options.KvCacheType);
        cached = 0;
        LinkedListNode<Entry>? best = null;
        for (var node = _entries.First; node is not null; node = node.Next)
        {
            var shared = SharedPrefix(node.Value.Tokens, prompt, prompt.Length - 1);
            if (shared > cached)
            {
                (cached, best) = (shared, node);
            }
        }

        if (best is null || cached < MinimumReuse || best.Value.Sequence.ContextSize != sequence.ContextSize)
        {
            cached = 0;
            return sequence;
        }

        sequence.Cache.CopyPrefixFrom(best.Value.Sequence.Cache, cached);
        sequence.Length = cached;
        _entries.Remove(best);
        _entries.AddFirst(best);
        HitTokens += cached;
        return sequence;
    }

    /// <summary>Keeps <paramref name="sequence"/>, which holds exactly <paramref name="tokens"/>.</summary>
    public void Add(int[] tokens, SequenceState sequence)
    {
        var bytes = sequence.Cache.Bytes;
        if (capacity <= 0 || tokens.Length < MinimumReuse || bytes > maxBytes)
        {
            return;
        }

        var length = Math.Min(tokens.Length, sequence.Length);
        _entries.AddFirst(new Entry(tokens[..length], sequence, bytes));
        _bytes += bytes;
        while (_entries.Count > capacity || _bytes > maxBytes)
        {
            _bytes -= _entries.Last!.Value.Bytes;
            _entries.RemoveLast();
        }
    }

    private static int SharedPrefix(int[] a, int[] b, int limit)
    {
        var n = Math.Min(Math.Min(a.Length, b.Length), limit);
        var i = 0;
        while (i < n && a[i] == b[i])
        {
            i++;
        }

        return i;
    }

    private sealed record Entry(int[] Tokens, SequenceState Sequence, long Bytes);
}

namespace Deliberate.Engine.Sampling;

/// <summary>
/// The sampler chain's working set, allocated once for the vocabulary and reused for every token
/// (llama.cpp's <c>llama_token_data_array</c>). Stages narrow it in place. Two facts are tracked so stages
/// stay cheap on a 150k vocabulary: whether entry i still holds token i (<see cref="IsIdentityOrder"/>,
/// which lets bias, penalty and mask stages index by id), and how long a prefix is known to hold the
/// largest logits in descending order (<see cref="SortedPrefix"/>), so top-k/top-p sort only what they need.
/// </summary>
public sealed class CandidateBuffer
{
    // Widen the sorted prefix in steps that start small: top-p nuclei are usually tens of tokens.
    private const int FirstSortChunk = 64;

    private readonly TokenCandidate[] _items;

    public CandidateBuffer(int vocabularySize)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(vocabularySize);
        _items = new TokenCandidate[vocabularySize];
    }

    public int VocabularySize => _items.Length;

    /// <summary>Number of live candidates (a prefix of the buffer).</summary>
    public int Count { get; private set; }

    public bool IsIdentityOrder { get; private set; }

    /// <summary>Length of the prefix known to be the largest logits, sorted descending.</summary>
    public int SortedPrefix { get; private set; }

    /// <summary>Whether <see cref="TokenCandidate.Probability"/> is the softmax of the live logits.</summary>
    public bool IsNormalized { get; private set; }

    public Span<TokenCandidate> Candidates => _items.AsSpan(0, Count);

    /// <summary>Fills the buffer from raw logits; NaN becomes -infinity so it can never be chosen.</summary>
    public void Load(ReadOnlySpan<float> logits)
    {
        if (logits.Length != _items.Length)
        {
            throw new ArgumentException($"expected {_items.Length} logits, got {logits.Length}", nameof(logits));
        }

        for (var i = 0; i < logits.Length; i++)
        {
            var logit = logits[i];
            _items[i] = new TokenCandidate { Id = i, Logit = float.IsNaN(logit) ? float.NegativeInfinity : logit };
        }

        Count = logits.Length;
        IsIdentityOrder = true;
        SortedPrefix = 0;
        IsNormalized = false;
    }

    /// <summary>Call after changing logits in place: probabilities and ordering facts are no longer valid.</summary>
    public void LogitsChanged(bool orderPreserved)
    {
        IsNormalized = false;
        if (!orderPreserved)
        {
            SortedPrefix = 0;
        }
    }

    /// <summary>Keeps the first <paramref name="count"/> candidates.</summary>
    public void Truncate(int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        if (count >= Count)
        {
            return;
        }

        Count = count;
        IsIdentityOrder &= count == _items.Length;
        SortedPrefix = Math.Min(SortedPrefix, count);
        IsNormalized = false;
    }

    /// <summary>Keeps only candidates whose logit is at least <paramref name="threshold"/>, preserving order.</summary>
    public void KeepAtLeast(float threshold)
    {
        var kept = 0;
        var keptSorted = 0;
        for (var i = 0; i < Count; i++)
        {
            if (_items[i].Logit >= threshold)
            {
                if (i < SortedPrefix)
                {
                    keptSorted++;
                }

                _items[kept++] = _items[i];
            }
        }

        if (kept != Count)
        {
            Count = kept;
            IsIdentityOrder = false;
            SortedPrefix = keptSorted;
            IsNormalized = false;
        }
    }

    /// <summary>Makes the single candidate at <paramref name="index"/> the only one (a final choice).</summary>
    public void Select(int index)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual((uint)index, (uint)Count, nameof(index));
        _items[0] = _items[index];
        _items[0].Probability = 1;
        Count = 1;
        IsIdentityOrder = _items.Length == 1;
        SortedPrefix = 1;
        IsNormalized = true;
    }

    /// <summary>Index of the largest logit (first one on ties), without reordering.</summary>
    public int ArgMax()
    {
        if (Count == 0)
        {
            throw new SamplingException("no candidates left to choose from");
        }

        if (SortedPrefix > 0)
        {
            return 0;
        }

        var best = 0;
        var bestLogit = _items[0].Logit;
        for (var i = 1; i < Count; i++)
        {
            if (_items[i].Logit > bestLogit)
            {
                best = i;
                bestLogit = _items[i].Logit;
            }
        }

        return best;
    }

    /// <summary>Ensures the first <paramref name="n"/> candidates are the n largest, sorted descending (ties by lower id).</summary>
    public void EnsureSortedPrefix(int n)
    {
        n = Math.Min(n, Count);
        if (n <= SortedPrefix)
        {
            return;
        }

        var rest = _items.AsSpan(SortedPrefix, Count - SortedPrefix);
        var want = n - SortedPrefix;
        if (want < rest.Length)
        {
            SelectLargest(rest, want);
        }

        rest[..want].Sort(static (a, b) => Order(a, b));
        SortedPrefix = n;
        IsIdentityOrder = false;
    }

    /// <summary>Widens the sorted prefix geometrically (64, 128, 256, …) — used by top-p.</summary>
    public void GrowSortedPrefix() => EnsureSortedPrefix(Math.Max(FirstSortChunk, SortedPrefix * 2));

    /// <summary>Softmax over the live candidates, subtracting the maximum first (logits reach ±30 and beyond).</summary>
    public void Normalize()
    {
        if (IsNormalized)
        {
            return;
        }

        var max = _items[ArgMax()].Logit;
        if (float.IsNegativeInfinity(max))
        {
            throw new SamplingException("every candidate token has probability zero (all masked or -infinity)");
        }

        double sum = 0;
        for (var i = 0; i < Count; i++)
        {
            var p = MathF.Exp(_items[i].Logit - max);
            _items[i].Probability = p;
            sum += p;
        }

        var scale = (float)(1.0 / sum);
        for (var i = 0; i < Count; i++)
        {
            _items[i].Probability *= scale;
        }

        IsNormalized = true;
    }

    private static int Order(TokenCandidate a, TokenCandidate b)
    {
        var byLogit = b.Logit.CompareTo(a.Logit);
        return byLogit != 0 ? byLogit : a.Id.CompareTo(b.Id);
    }

    // Quickselect (Hoare partition, median-of-three pivot): afterwards span[..k] holds the k largest, unordered.
    private static void SelectLargest(Span<TokenCandidate> span, int k)
    {
        var lo = 0;
        var hi = span.Length - 1;
        while (lo < hi)
        {
            var mid = lo + ((hi - lo) / 2);
            if (Order(span[mid], span[lo]) < 0)
            {
                (span[mid], span[lo]) = (span[lo], span[mid]);
            }

            if (Order(span[hi], span[lo]) < 0)
            {
                (span[hi], span[lo]) = (span[lo], span[hi]);
            }

            if (Order(span[hi], span[mid]) < 0)
            {
                (span[hi], span[mid]) = (span[mid], span[hi]);
            }

            var pivot = span[mid];
            var i = lo;
            var j = hi;
            while (i <= j)
            {
                while (Order(span[i], pivot) < 0)
                {
                    i++;
                }

                while (Order(pivot, span[j]) < 0)
                {
                    j--;
                }

                if (i <= j)
                {
                    (span[i], span[j]) = (span[j], span[i]);
                    i++;
                    j--;
                }
            }

            if (k - 1 <= j)
            {
                hi = j;
            }
            else if (k - 1 >= i)
            {
                lo = i;
            }
            else
            {
                return;
            }
        }
    }
}

using System.Runtime.ExceptionServices;
using System.Threading.Tasks.Sources;

namespace Deliberate.Engine.Chat;

/// <summary>
/// The events of one request, from the scheduler thread (one writer) to the request's reader (one reader): a ring of
/// <see cref="SchedulerEvent"/> values sized for the request up front, so publishing a token allocates nothing; it
/// doubles only when the reader falls a whole ring behind. A waiting reader is woken by queueing this object itself to
/// the thread pool (<see cref="IThreadPoolWorkItem"/>), which allocates nothing either, and its continuation runs there,
/// never on the scheduler thread.
/// </summary>
internal sealed class RequestEventQueue : IValueTaskSource<bool>, IThreadPoolWorkItem
{
    private readonly Lock _lock = new();
    private SchedulerEvent[] _ring;
    private int _head;
    private int _count;
    private bool _completed;
    private Exception? _error;
    private bool _readerWaiting;
    private ManualResetValueTaskSourceCore<bool> _signal;

    public RequestEventQueue(int capacity)
    {
        _ring = new SchedulerEvent[Math.Max(16, capacity)];
        // The continuation runs on the thread-pool thread that executes this work item (see Execute).
        _signal.RunContinuationsAsynchronously = false;
    }

    /// <summary>Events the ring holds before it must grow.</summary>
    public int Capacity => _ring.Length;

    /// <summary>Writer: appends one event.</summary>
    public void Write(in SchedulerEvent item)
    {
        bool wake;
        lock (_lock)
        {
            if (_completed)
            {
                return;
            }

            if (_count == _ring.Length)
            {
                Grow();
            }

            _ring[(_head + _count) % _ring.Length] = item;
            _count++;
            wake = TakeWaitingReader();
        }

        if (wake)
        {
            ThreadPool.UnsafeQueueUserWorkItem(this, preferLocal: false);
        }
    }

    /// <summary>Writer: appends <paramref name="text"/> as text events of <paramref name="kind"/>, a piece per <see cref="TextPiece.Capacity"/> chars.</summary>
    public void WriteText(SchedulerEventKind kind, int choice, ReadOnlySpan<char> text)
    {
        while (!text.IsEmpty)
        {
            var length = Math.Min(text.Length, TextPiece.Capacity);
            var item = new SchedulerEvent { Kind = kind, Choice = choice, Length = length, Continues = length < text.Length };
            text[..length].CopyTo(item.Text);
            Write(item);
            text = text[length..];
        }
    }

    /// <summary>Writer: no more events; the reader sees the ones written, then the end (or <paramref name="error"/>).</summary>
    public void Complete(Exception? error = null)
    {
        bool wake;
        lock (_lock)
        {
            if (_completed)
            {
                return;
            }

            (_completed, _error) = (true, error);
            wake = TakeWaitingReader();
        }

        if (wake)
        {
            ThreadPool.UnsafeQueueUserWorkItem(this, preferLocal: false);
        }
    }

    /// <summary>Wakes a waiting reader so it can look at its cancellation token.</summary>
    public void WakeReader()
    {
        bool wake;
        lock (_lock)
        {
            wake = TakeWaitingReader();
        }

        if (wake)
        {
            ThreadPool.UnsafeQueueUserWorkItem(this, preferLocal: false);
        }
    }

    /// <summary>Reader: the next event, if one is there.</summary>
    public bool TryRead(out SchedulerEvent item)
    {
        lock (_lock)
        {
            if (_count == 0)
            {
                item = default;
                return false;
            }

            item = _ring[_head];
            _ring[_head] = default;
            _head = (_head + 1) % _ring.Length;
            _count--;
            return true;
        }
    }

    /// <summary>
    /// Reader: true when an event can be read, false once the queue is complete and drained; throws the error it was
    /// completed with. Completes early (true with nothing to read) when <see cref="WakeReader"/> is called.
    /// </summary>
    public ValueTask<bool> WaitToReadAsync()
    {
        lock (_lock)
        {
            if (_count > 0)
            {
                return ValueTask.FromResult(true);
            }

            if (_completed)
            {
                if (_error is not null)
                {
                    ExceptionDispatchInfo.Throw(_error);
                }

                return ValueTask.FromResult(false);
            }

            _signal.Reset();
            _readerWaiting = true;
            return new ValueTask<bool>(this, _signal.Version);
        }
    }

    private bool TakeWaitingReader()
    {
        var waiting = _readerWaiting;
        _readerWaiting = false;
        return waiting;
    }

    private void Grow()
    {
        var larger = new SchedulerEvent[_ring.Length * 2];
        for (var i = 0; i < _count; i++)
        {
            larger[i] = _ring[(_head + i) % _ring.Length];
        }

        (_ring, _head) = (larger, 0);
    }

    void IThreadPoolWorkItem.Execute() => _signal.SetResult(true);

    bool IValueTaskSource<bool>.GetResult(short token) => _signal.GetResult(token);

    ValueTaskSourceStatus IValueTaskSource<bool>.GetStatus(short token) => _signal.GetStatus(token);

    void IValueTaskSource<bool>.OnCompleted(Action<object?> continuation, object? state, short token, ValueTaskSourceOnCompletedFlags flags) =>
        _signal.OnCompleted(continuation, state, token, flags);
}

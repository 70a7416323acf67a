using Deliberate.Server.Errors;

namespace Deliberate.Server.Scheduling;

/// <summary>
/// Bounded admission: at most <c>maxActive</c> sequences run, at most <c>maxQueued</c> wait (more get 503 +
/// retry-after). Waiters are admitted interactive-first, FIFO within a priority.
/// </summary>
public sealed class AdmissionQueue(int maxActive, int maxQueued)
{
    private readonly Lock _lock = new();
    private readonly LinkedList<TaskCompletionSource> _interactive = new();
    private readonly LinkedList<TaskCompletionSource> _batch = new();
    private int _active;
    private int _waiting;

    /// <summary>Requests waiting for a slot.</summary>
    public int Waiting => Volatile.Read(ref _waiting);

    public async ValueTask<IDisposable> EnterAsync(RequestPriority priority, CancellationToken cancellationToken)
    {
        TaskCompletionSource waiter;
        LinkedListNode<TaskCompletionSource> node;
        lock (_lock)
        {
            if (_active < maxActive && _interactive.Count == 0 && _batch.Count == 0)
            {
                _active++;
                return new Slot(this);
            }

            if (_interactive.Count + _batch.Count >= maxQueued)
            {
                throw ApiException.Overloaded();
            }

            waiter = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            node = (priority == RequestPriority.Interactive ? _interactive : _batch).AddLast(waiter);
            _waiting++;
        }

        try
        {
            await waiter.Task.WaitAsync(cancellationToken);
            return new Slot(this);
        }
        catch (OperationCanceledException)
        {
            lock (_lock)
            {
                if (node.List is not null)
                {
                    node.List.Remove(node);
                    _waiting--;
                    throw;
                }
            }

            Release();  // admitted while being cancelled: hand the slot on
            throw;
        }
    }

    private void Release()
    {
        lock (_lock)
        {
            var next = _interactive.First ?? _batch.First;
            if (next is null)
            {
                _active--;
                return;
            }

            next.List!.Remove(next);
            _waiting--;
            next.Value.SetResult();
        }
    }

    private sealed class Slot(AdmissionQueue queue) : IDisposable
    {
        private int _released;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _released, 1) == 0)
            {
                queue.Release();
            }
        }
    }
}

public enum RequestPriority
{
    Interactive,
    Batch,
}

using NanoBanana.Client;

namespace NanoBanana.AspNetCore;

/// <summary>
/// The default <see cref="INanoBananaCallbackStore"/>: the last <see cref="Capacity"/> handled deliveries of one
/// process, in memory. When it is full the oldest claim is forgotten, so a delivery repeated after that many others
/// reaches the handler again; use a shared store when the application runs on more than one instance.
/// </summary>
public sealed class InMemoryNanoBananaCallbackStore : INanoBananaCallbackStore
{
    /// <summary>The default <see cref="Capacity"/>: 10,000 deliveries (about a megabyte).</summary>
    public const int DefaultCapacity = 10_000;

    private readonly Dictionary<(string TaskId, GenerationTaskStatus Status), LinkedListNode<(string, GenerationTaskStatus)>> _claims = [];
    private readonly LinkedList<(string, GenerationTaskStatus)> _order = new();
    private readonly Lock _lock = new();

    /// <summary>Creates a store that remembers <see cref="DefaultCapacity"/> deliveries.</summary>
    public InMemoryNanoBananaCallbackStore()
        : this(DefaultCapacity)
    {
    }

    /// <summary>Creates a store that remembers <paramref name="capacity"/> deliveries.</summary>
    /// <param name="capacity">How many deliveries to remember; at least 1.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="capacity"/> is less than 1.</exception>
    public InMemoryNanoBananaCallbackStore(int capacity)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        Capacity = capacity;
    }

    /// <summary>How many deliveries the store remembers at most.</summary>
    public int Capacity { get; }

    /// <summary>How many deliveries the store remembers now.</summary>
    public int Count
    {
        get
        {
            lock (_lock) return _claims.Count;
        }
    }

    /// <inheritdoc />
    public ValueTask<bool> TryClaimAsync(string taskId, GenerationTaskStatus status, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(taskId);
        cancellationToken.ThrowIfCancellationRequested();
        var key = (taskId, status);
        lock (_lock)
        {
            if (_claims.ContainsKey(key)) return ValueTask.FromResult(false);
            if (_claims.Count >= Capacity)
            {
                var oldest = _order.First!;
                _order.RemoveFirst();
                _claims.Remove(oldest.Value);
            }

            _claims.Add(key, _order.AddLast(key));
            return ValueTask.FromResult(true);
        }
    }

    /// <inheritdoc />
    public ValueTask ReleaseAsync(string taskId, GenerationTaskStatus status, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(taskId);
        lock (_lock)
        {
            if (_claims.Remove((taskId, status), out var node)) _order.Remove(node);
        }

        return ValueTask.CompletedTask;
    }
}

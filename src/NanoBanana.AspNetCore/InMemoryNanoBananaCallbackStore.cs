using NanoBanana.Client;

namespace NanoBanana.AspNetCore;

/// <summary>
/// The default <see cref="INanoBananaCallbackStore"/>: the last <see cref="Capacity"/> claimed deliveries of one
/// process, in memory, with the three states of the contract (in progress under a lease, handled, released). When it
/// is full the least recently claimed delivery is forgotten, so a delivery repeated after that many others reaches the
/// handler again; use a shared store when the application runs on more than one instance. Leases are timed on the
/// store's <see cref="TimeProvider"/>.
/// </summary>
public sealed class InMemoryNanoBananaCallbackStore : INanoBananaCallbackStore
{
    /// <summary>The default <see cref="Capacity"/>: 10,000 deliveries (about a megabyte).</summary>
    public const int DefaultCapacity = 10_000;

    private readonly Dictionary<(string TaskId, GenerationTaskStatus Status), LinkedListNode<Entry>> _entries = [];
    private readonly LinkedList<Entry> _order = new();
    private readonly Lock _lock = new();
    private readonly TimeProvider _time;

    /// <summary>Creates a store that remembers <see cref="DefaultCapacity"/> deliveries, on the system clock.</summary>
    public InMemoryNanoBananaCallbackStore()
        : this(DefaultCapacity)
    {
    }

    /// <summary>Creates a store that remembers <paramref name="capacity"/> deliveries.</summary>
    /// <param name="capacity">How many deliveries to remember; at least 1.</param>
    /// <param name="timeProvider">The clock for leases; null for the system clock.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="capacity"/> is less than 1.</exception>
    public InMemoryNanoBananaCallbackStore(int capacity, TimeProvider? timeProvider = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        Capacity = capacity;
        _time = timeProvider ?? TimeProvider.System;
    }

    /// <summary>How many deliveries the store remembers at most.</summary>
    public int Capacity { get; }

    /// <summary>How many deliveries the store remembers now (in progress or handled).</summary>
    public int Count
    {
        get
        {
            lock (_lock) return _entries.Count;
        }
    }

    /// <inheritdoc />
    public ValueTask<CallbackClaim> TryClaimAsync(string taskId, GenerationTaskStatus status, TimeSpan lease, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(taskId);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(lease, TimeSpan.Zero);
        cancellationToken.ThrowIfCancellationRequested();
        var key = (taskId, status);
        var now = _time.GetUtcNow();
        lock (_lock)
        {
            if (_entries.TryGetValue(key, out var node))
            {
                var entry = node.Value;
                if (entry.Handled) return ValueTask.FromResult(new CallbackClaim(taskId, status, CallbackClaimOutcome.Handled, null, null));
                if (entry.LeaseExpiresAt > now)
                {
                    return ValueTask.FromResult(new CallbackClaim(taskId, status, CallbackClaimOutcome.InProgress, null, entry.LeaseExpiresAt));
                }

                // The holder's lease ran out (it crashed, or hangs): this delivery takes the claim over.
                _order.Remove(node);
                _entries.Remove(key);
            }
            else if (_entries.Count >= Capacity)
            {
                var oldest = _order.First!;
                _order.RemoveFirst();
                _entries.Remove(oldest.Value.Key);
            }

            var claimed = new Entry(key, Guid.NewGuid().ToString("N"), now + lease);
            _entries.Add(key, _order.AddLast(claimed));
            return ValueTask.FromResult(new CallbackClaim(taskId, status, CallbackClaimOutcome.Acquired, claimed.ClaimId, claimed.LeaseExpiresAt));
        }
    }

    /// <inheritdoc />
    public ValueTask CompleteAsync(CallbackClaim claim, CancellationToken cancellationToken)
    {
        var key = KeyOf(claim);
        lock (_lock)
        {
            if (_entries.TryGetValue(key, out var node))
            {
                node.Value.Handled = true;
            }
            else
            {
                // Forgotten meanwhile (the store was full): record it again, as handled.
                if (_entries.Count >= Capacity)
                {
                    var oldest = _order.First!;
                    _order.RemoveFirst();
                    _entries.Remove(oldest.Value.Key);
                }

                _entries.Add(key, _order.AddLast(new Entry(key, claim.ClaimId!, DateTimeOffset.MinValue) { Handled = true }));
            }
        }

        return ValueTask.CompletedTask;
    }

    /// <inheritdoc />
    public ValueTask ReleaseAsync(CallbackClaim claim, CancellationToken cancellationToken)
    {
        var key = KeyOf(claim);
        lock (_lock)
        {
            if (_entries.TryGetValue(key, out var node) && !node.Value.Handled && node.Value.ClaimId == claim.ClaimId)
            {
                _order.Remove(node);
                _entries.Remove(key);
            }
        }

        return ValueTask.CompletedTask;
    }

    private static (string, GenerationTaskStatus) KeyOf(CallbackClaim claim)
    {
        ArgumentNullException.ThrowIfNull(claim);
        if (claim.Outcome != CallbackClaimOutcome.Acquired) throw new ArgumentException("Only an acquired claim can be completed or released.", nameof(claim));
        return (claim.TaskId, claim.Status);
    }

    private sealed class Entry((string TaskId, GenerationTaskStatus Status) key, string claimId, DateTimeOffset leaseExpiresAt)
    {
        public (string TaskId, GenerationTaskStatus Status) Key { get; } = key;

        public string ClaimId { get; } = claimId;

        public DateTimeOffset LeaseExpiresAt { get; } = leaseExpiresAt;

        public bool Handled { get; set; }
    }
}

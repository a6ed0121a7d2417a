using System.Collections.Concurrent;
using System.Diagnostics;
using NanoBanana.Batch;

/// <summary>
/// Diagnostics for <c>--trace</c>: passes every call to the real ledger and records how long each kind of call took
/// (waiting for the ledger's connection included), so a slow run can be split into ledger time and the rest.
/// </summary>
internal sealed class TimedLedger(IGenerationLedger inner) : IGenerationLedger
{
    private readonly ConcurrentDictionary<string, ConcurrentBag<double>> _times = new();

    public IReadOnlyDictionary<string, ConcurrentBag<double>> Times => _times;

    private async Task<T> Time<T>(string name, Func<Task<T>> call)
    {
        var started = Stopwatch.GetTimestamp();
        try
        {
            return await call();
        }
        finally
        {
            _times.GetOrAdd(name, _ => []).Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        }
    }

    private Task Time(string name, Func<Task> call) => Time(name, async () => { await call(); return 0; });

    public Task PlanAsync(string inputHash, IReadOnlyList<BatchItem> items, CancellationToken cancellationToken = default) => Time("plan", () => inner.PlanAsync(inputHash, items, cancellationToken));
    public Task<BatchLedgerInfo?> GetInfoAsync(CancellationToken cancellationToken = default) => Time("info", () => inner.GetInfoAsync(cancellationToken));
    public Task<IReadOnlyList<BatchLedgerEntry>> ReadAsync(CancellationToken cancellationToken = default) => Time("read", () => inner.ReadAsync(cancellationToken));
    public Task<BatchLedgerCounts> CountAsync(CancellationToken cancellationToken = default) => Time("count", () => inner.CountAsync(cancellationToken));
    public Task RegisterOwnerAsync(string ownerId, CancellationToken cancellationToken = default) => Time("register", () => inner.RegisterOwnerAsync(ownerId, cancellationToken));
    public Task<bool> RenewOwnerAsync(string ownerId, CancellationToken cancellationToken = default) => Time("renew", () => inner.RenewOwnerAsync(ownerId, cancellationToken));
    public Task ReleaseOwnerAsync(string ownerId, CancellationToken cancellationToken = default) => Time("release", () => inner.ReleaseOwnerAsync(ownerId, cancellationToken));
    public Task<int> ReclaimAbandonedAsync(TimeSpan heartbeatTimeout, CancellationToken cancellationToken = default) => Time("reclaim", () => inner.ReclaimAbandonedAsync(heartbeatTimeout, cancellationToken));
    public Task<bool> TryMarkCreatingAsync(string key, string ownerId, CancellationToken cancellationToken = default) => Time("creating", () => inner.TryMarkCreatingAsync(key, ownerId, cancellationToken));
    public Task<bool> TryClaimAsync(string key, string ownerId, CancellationToken cancellationToken = default) => Time("claim", () => inner.TryClaimAsync(key, ownerId, cancellationToken));
    public Task<bool> MarkCreatedAsync(string key, string ownerId, string taskId, CancellationToken cancellationToken = default) => Time("created", () => inner.MarkCreatedAsync(key, ownerId, taskId, cancellationToken));
    public Task<bool> MarkPlannedAsync(string key, string ownerId, string? reason, CancellationToken cancellationToken = default) => Time("planned", () => inner.MarkPlannedAsync(key, ownerId, reason, cancellationToken));
    public Task<bool> MarkUnknownAsync(string key, string ownerId, string reason, CancellationToken cancellationToken = default) => Time("unknown", () => inner.MarkUnknownAsync(key, ownerId, reason, cancellationToken));
    public Task<bool> MarkRefusedAsync(string key, string ownerId, string reason, CancellationToken cancellationToken = default) => Time("refused", () => inner.MarkRefusedAsync(key, ownerId, reason, cancellationToken));
    public Task<bool> MarkCompletedAsync(string key, string ownerId, IReadOnlyList<string> files, CancellationToken cancellationToken = default) => Time("completed", () => inner.MarkCompletedAsync(key, ownerId, files, cancellationToken));
    public Task<bool> MarkFailedAsync(string key, string ownerId, string reason, CancellationToken cancellationToken = default) => Time("failed", () => inner.MarkFailedAsync(key, ownerId, reason, cancellationToken));
    public Task<bool> MarkSaveFailedAsync(string key, string ownerId, string reason, CancellationToken cancellationToken = default) => Time("save_failed", () => inner.MarkSaveFailedAsync(key, ownerId, reason, cancellationToken));
    public Task<bool> NoteAsync(string key, string ownerId, string reason, CancellationToken cancellationToken = default) => Time("note", () => inner.NoteAsync(key, ownerId, reason, cancellationToken));
    public Task<bool> ImportTaskIdAsync(string key, string taskId, CancellationToken cancellationToken = default) => Time("import", () => inner.ImportTaskIdAsync(key, taskId, cancellationToken));
    public Task<int> ReplanUnknownAsync(CancellationToken cancellationToken = default) => Time("replan", () => inner.ReplanUnknownAsync(cancellationToken));
    public Task<int> RetryFailedAsync(CancellationToken cancellationToken = default) => Time("retry", () => inner.RetryFailedAsync(cancellationToken));
}

using NanoBanana.Simulator;

namespace NanoBanana.Batch.Tests;

/// <summary>One create in flight at a time, whatever the concurrency: a crash can leave at most one item unknown.</summary>
public sealed class CreatesInFlightTests
{
    [Fact]
    public async Task At_most_one_item_is_creating_at_any_moment_while_four_wait_at_once()
    {
        await using var h = RunnerHarness.Start();
        // Every create takes a second of (fake) time to answer: without the gate, four would be in flight together.
        h.Simulator.InjectFault(SimulatorFault.Latency(TimeSpan.FromSeconds(1), times: 8, operation: SimulatorOperation.CreateTask));
        var items = RunnerHarness.Items(Enumerable.Range(1, 8).Select(i => $"banana {i}").ToArray());
        await using var inner = await SqliteGenerationLedger.OpenAsync(h.LedgerPath, null);
        var ledger = new CreatingWatcher(inner);
        await ledger.PlanAsync("h", items);

        var run = new BatchRunner(h.Client, ledger, new BatchRunnerOptions { Concurrency = 4, OutputFolder = h.Folder, TimeProvider = h.Time }).RunAsync();
        while (!run.IsCompleted)
        {
            await Task.WhenAny(run, Task.Delay(2));
            if (!run.IsCompleted) h.Time.Advance(TimeSpan.FromMilliseconds(200));
        }

        var summary = await run;
        Assert.True(summary.AllCompleted, summary.ToString());
        Assert.Equal(1, ledger.MaxCreating);
        Assert.True(ledger.MaxCreated >= 2, $"items waited one at a time (max {ledger.MaxCreated} created at once)");
    }

    /// <summary>The real ledger, watched: how many items were creating, and created-not-finished, at once.</summary>
    private sealed class CreatingWatcher(IGenerationLedger inner) : IGenerationLedger
    {
        private int _creating;
        private int _created;

        public int MaxCreating { get; private set; }

        public int MaxCreated { get; private set; }

        public Task PlanAsync(string inputHash, IReadOnlyList<BatchItem> items, CancellationToken cancellationToken = default) => inner.PlanAsync(inputHash, items, cancellationToken);

        public Task<BatchLedgerInfo?> GetInfoAsync(CancellationToken cancellationToken = default) => inner.GetInfoAsync(cancellationToken);

        public Task<IReadOnlyList<BatchLedgerEntry>> ReadAsync(CancellationToken cancellationToken = default) => inner.ReadAsync(cancellationToken);

        public Task<BatchLedgerCounts> CountAsync(CancellationToken cancellationToken = default) => inner.CountAsync(cancellationToken);

        public Task RegisterOwnerAsync(string ownerId, CancellationToken cancellationToken = default) => inner.RegisterOwnerAsync(ownerId, cancellationToken);

        public Task<bool> RenewOwnerAsync(string ownerId, CancellationToken cancellationToken = default) => inner.RenewOwnerAsync(ownerId, cancellationToken);

        public Task ReleaseOwnerAsync(string ownerId, CancellationToken cancellationToken = default) => inner.ReleaseOwnerAsync(ownerId, cancellationToken);

        public Task<int> ReclaimAbandonedAsync(TimeSpan heartbeatTimeout, CancellationToken cancellationToken = default) => inner.ReclaimAbandonedAsync(heartbeatTimeout, cancellationToken);

        public async Task<bool> TryMarkCreatingAsync(string key, string ownerId, CancellationToken cancellationToken = default)
        {
            var claimed = await inner.TryMarkCreatingAsync(key, ownerId, cancellationToken);
            if (claimed) Track(ref _creating, +1, v => MaxCreating = Math.Max(MaxCreating, v));
            return claimed;
        }

        public Task<bool> TryClaimAsync(string key, string ownerId, CancellationToken cancellationToken = default) => inner.TryClaimAsync(key, ownerId, cancellationToken);

        public async Task<bool> MarkCreatedAsync(string key, string ownerId, string taskId, CancellationToken cancellationToken = default)
        {
            Track(ref _creating, -1, _ => { });
            Track(ref _created, +1, v => MaxCreated = Math.Max(MaxCreated, v));
            return await inner.MarkCreatedAsync(key, ownerId, taskId, cancellationToken);
        }

        public Task<bool> MarkPlannedAsync(string key, string ownerId, string? reason, CancellationToken cancellationToken = default)
        {
            Track(ref _creating, -1, _ => { });
            return inner.MarkPlannedAsync(key, ownerId, reason, cancellationToken);
        }

        public Task<bool> MarkUnknownAsync(string key, string ownerId, string reason, CancellationToken cancellationToken = default)
        {
            Track(ref _creating, -1, _ => { });
            return inner.MarkUnknownAsync(key, ownerId, reason, cancellationToken);
        }

        public Task<bool> MarkRefusedAsync(string key, string ownerId, string reason, CancellationToken cancellationToken = default)
        {
            Track(ref _creating, -1, _ => { });
            return inner.MarkRefusedAsync(key, ownerId, reason, cancellationToken);
        }

        public Task<bool> MarkCompletedAsync(string key, string ownerId, IReadOnlyList<string> files, CancellationToken cancellationToken = default)
        {
            Track(ref _created, -1, _ => { });
            return inner.MarkCompletedAsync(key, ownerId, files, cancellationToken);
        }

        public Task<bool> MarkFailedAsync(string key, string ownerId, string reason, CancellationToken cancellationToken = default) => inner.MarkFailedAsync(key, ownerId, reason, cancellationToken);

        public Task<bool> MarkSaveFailedAsync(string key, string ownerId, string reason, CancellationToken cancellationToken = default) => inner.MarkSaveFailedAsync(key, ownerId, reason, cancellationToken);

        public Task<bool> NoteAsync(string key, string ownerId, string reason, CancellationToken cancellationToken = default) => inner.NoteAsync(key, ownerId, reason, cancellationToken);

        public Task<bool> ImportTaskIdAsync(string key, string taskId, CancellationToken cancellationToken = default) => inner.ImportTaskIdAsync(key, taskId, cancellationToken);

        public Task<int> ReplanUnknownAsync(CancellationToken cancellationToken = default) => inner.ReplanUnknownAsync(cancellationToken);

        public Task<int> RetryFailedAsync(CancellationToken cancellationToken = default) => inner.RetryFailedAsync(cancellationToken);

        private readonly Lock _gate = new();

        private void Track(ref int counter, int delta, Action<int> max)
        {
            lock (_gate)
            {
                counter += delta;
                max(counter);
            }
        }
    }
}

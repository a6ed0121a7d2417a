namespace NanoBanana.Batch;

/// <summary>What a run did and where the batch stands after it.</summary>
/// <param name="Counts">The ledger's counts after the run.</param>
/// <param name="CreatesSent">Creates this run sent (each may be billed).</param>
/// <param name="TimedOut">Items whose wait timed out this run (their tasks may still complete; a resume waits again).</param>
/// <param name="WaitErrors">Items whose wait or download failed this run in a way a resume tries again (still created).</param>
/// <param name="Stop">Why creating stopped early, if it did.</param>
/// <param name="StopError">The error that stopped creating, if any.</param>
public sealed record BatchSummary(BatchLedgerCounts Counts, int CreatesSent, int TimedOut, int WaitErrors, BatchStop Stop, Exception? StopError)
{
    /// <summary>Whether every item completed.</summary>
    public bool AllCompleted => Counts.Completed == Counts.Total;

    /// <summary>Why creating stopped, in words (with <see cref="Stop"/>), or null.</summary>
    public string? StopReason { get; init; }

    /// <summary>Task ids the API returned that the ledger could not record (kept in the recovery journal, imported by the next run).</summary>
    public IReadOnlyList<BatchUnrecordedTask> UnrecordedTasks { get; init; } = [];

    /// <summary>The peak number of tasks this run waited for at once (tasks at the API).</summary>
    public int PeakTasksInFlight { get; init; }
}

/// <summary>A task id the ledger could not record.</summary>
/// <param name="Key">The item.</param>
/// <param name="TaskId">The task id the API returned.</param>
/// <param name="Reason">Why it could not be recorded.</param>
public sealed record BatchUnrecordedTask(string Key, string TaskId, string Reason);

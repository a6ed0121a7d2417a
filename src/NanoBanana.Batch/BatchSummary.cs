namespace NanoBanana.Batch;

/// <summary>What a run did and where the batch stands after it (<see cref="BatchRunner.RunAsync"/>).</summary>
public sealed class BatchSummary
{
    /// <summary>Describes a run (the runner makes them; for fakes and tests).</summary>
    /// <param name="counts">The ledger's counts after the run.</param>
    public BatchSummary(BatchLedgerCounts counts)
    {
        ArgumentNullException.ThrowIfNull(counts);
        Counts = counts;
    }

    /// <summary>The ledger's counts after the run.</summary>
    public BatchLedgerCounts Counts { get; }

    /// <summary>Creates this run sent (each may be billed).</summary>
    public int CreatesSent { get; init; }

    /// <summary>Items whose wait timed out this run (their tasks may still complete; a resume waits again).</summary>
    public int TimedOut { get; init; }

    /// <summary>Items whose wait or download failed this run in a way a resume tries again (still created).</summary>
    public int WaitErrors { get; init; }

    /// <summary>Why creating stopped early, if it did (<see cref="BatchStop.None"/> when it did not).</summary>
    public BatchStop Stop { get; init; }

    /// <summary>The error that stopped creating, if any.</summary>
    public Exception? StopError { get; init; }

    /// <summary>Why creating stopped, in words (with <see cref="Stop"/>), or null.</summary>
    public string? StopReason { get; init; }

    /// <summary>Task ids the API returned that the ledger could not record (kept in the recovery journal, imported by the next run).</summary>
    public IReadOnlyList<BatchUnrecordedTask> UnrecordedTasks { get; init; } = [];

    /// <summary>The peak number of tasks this run waited for at once (tasks at the API).</summary>
    public int PeakTasksInFlight { get; init; }

    /// <summary>Whether every item completed.</summary>
    public bool AllCompleted => Counts.Completed == Counts.Total;

    /// <inheritdoc />
    public override string ToString() =>
        $"{Counts}; {CreatesSent} creates sent, {TimedOut} timed out, {WaitErrors} wait errors, {UnrecordedTasks.Count} unrecorded tasks" +
        (Stop == BatchStop.None ? string.Empty : $"; stopped: {Stop}{(StopReason is null ? "" : $" ({StopReason})")}");
}

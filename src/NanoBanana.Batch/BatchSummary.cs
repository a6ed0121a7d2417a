namespace NanoBanana.Batch;

/// <summary>What a run did and where the batch stands after it.</summary>
/// <param name="Counts">The ledger's counts after the run.</param>
/// <param name="CreatesSent">Creates this run sent (each may be billed).</param>
/// <param name="TimedOut">Items whose wait timed out this run (their tasks may still complete; a resume waits again).</param>
/// <param name="WaitErrors">Items whose wait or download failed this run with a network or API error (still created; a resume retries).</param>
/// <param name="Stop">Why creating stopped early, if it did.</param>
/// <param name="StopError">The error that stopped creating, if any.</param>
public sealed record BatchSummary(BatchLedgerCounts Counts, int CreatesSent, int TimedOut, int WaitErrors, BatchStop Stop, Exception? StopError)
{
    /// <summary>Whether every item completed.</summary>
    public bool AllCompleted => Counts.Completed == Counts.Total;
}

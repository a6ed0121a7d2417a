namespace NanoBanana.Batch;

/// <summary>
/// A durable record of a batch's generations. Every method returns only after the change is durable, so that
/// after a crash an item is either known (its task id recorded) or in <see cref="BatchItemState.Creating"/>,
/// which a runner turns into <see cref="BatchItemState.Unknown"/>. Safe for concurrent callers in one process.
/// Transitions are guarded: a method whose source state does not match changes nothing and returns false.
/// </summary>
public interface IGenerationLedger
{
    /// <summary>
    /// Records the batch on first use (every item <see cref="BatchItemState.Planned"/>, with the input's hash);
    /// on a later use checks the hash and changes nothing.
    /// </summary>
    /// <param name="inputHash">A hash of the batch's input (a different input is refused).</param>
    /// <param name="items">The items, in order; keys unique.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <exception cref="BatchLedgerException">The ledger records another input.</exception>
    Task PlanAsync(string inputHash, IReadOnlyList<BatchItem> items, CancellationToken cancellationToken = default);

    /// <summary>The recorded input hash, or null for an empty ledger.</summary>
    /// <param name="cancellationToken">Cancels the call.</param>
    Task<string?> GetInputHashAsync(CancellationToken cancellationToken = default);

    /// <summary>Every item, in order.</summary>
    /// <param name="cancellationToken">Cancels the call.</param>
    Task<IReadOnlyList<BatchLedgerEntry>> ReadAsync(CancellationToken cancellationToken = default);

    /// <summary>Counts the items per state.</summary>
    /// <param name="cancellationToken">Cancels the call.</param>
    Task<BatchLedgerCounts> CountAsync(CancellationToken cancellationToken = default);

    /// <summary>Planned → creating, durably, before the create is sent. False when the item was not planned (someone else claimed it).</summary>
    /// <param name="key">The item.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    Task<bool> TryMarkCreatingAsync(string key, CancellationToken cancellationToken = default);

    /// <summary>Creating → created with the task id the API returned.</summary>
    /// <param name="key">The item.</param>
    /// <param name="taskId">The task id.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    Task<bool> MarkCreatedAsync(string key, string taskId, CancellationToken cancellationToken = default);

    /// <summary>Creating → planned: the create certainly did not reach the API (refused before it was taken).</summary>
    /// <param name="key">The item.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    Task<bool> MarkPlannedAsync(string key, CancellationToken cancellationToken = default);

    /// <summary>Creating → unknown: the create may have reached the API.</summary>
    /// <param name="key">The item.</param>
    /// <param name="reason">What happened.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    Task<bool> MarkUnknownAsync(string key, string reason, CancellationToken cancellationToken = default);

    /// <summary>Created (or completed with files missing) → completed with the saved files.</summary>
    /// <param name="key">The item.</param>
    /// <param name="files">The saved output files.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    Task<bool> MarkCompletedAsync(string key, IReadOnlyList<string> files, CancellationToken cancellationToken = default);

    /// <summary>Creating or created → failed: refused as invalid, or the task failed.</summary>
    /// <param name="key">The item.</param>
    /// <param name="reason">Why.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    Task<bool> MarkFailedAsync(string key, string reason, CancellationToken cancellationToken = default);

    /// <summary>Every <see cref="BatchItemState.Creating"/> item → unknown (a previous run stopped with the create in flight). Returns how many.</summary>
    /// <param name="cancellationToken">Cancels the call.</param>
    Task<int> MarkInterruptedCreatesUnknownAsync(CancellationToken cancellationToken = default);

    /// <summary>Every unknown item → planned, on the user's explicit request (a retried item may then exist twice, billed twice). Returns how many.</summary>
    /// <param name="cancellationToken">Cancels the call.</param>
    Task<int> ReplanUnknownAsync(CancellationToken cancellationToken = default);
}

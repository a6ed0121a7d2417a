namespace NanoBanana.Batch;

/// <summary>
/// A durable record of a batch's generations, shared by every runner working on the batch (one process, several
/// in one process, or a fleet). <see cref="SqliteGenerationLedger"/> is the embedded one; a second implementation
/// (a service's database) must keep every rule below, because <see cref="BatchRunner"/> relies on them to never
/// create an item twice and never lose a task id.
/// </summary>
/// <remarks>
/// <para><b>Durability.</b> Every method returns only after its change is durable (committed and flushed), so that after
/// a crash an item is either known (its task id recorded) or still <see cref="BatchItemState.Creating"/>. A method that
/// cannot make its change durable throws <see cref="BatchLedgerException"/>; it never reports success for a change
/// that may be lost.</para>
/// <para><b>Owners.</b> Every runner registers an owner id (<see cref="RegisterOwnerAsync"/>) before it claims anything
/// and keeps it alive (<see cref="RenewOwnerAsync"/>, its heartbeat) until <see cref="ReleaseOwnerAsync"/>. An owner is
/// <i>alive</i> while the implementation can prove it: the SQLite ledger holds an OS lock per owner (released by the
/// kernel however the process ends) and also accepts a heartbeat younger than the timeout; a shared database uses the
/// heartbeat (or a session-bound lock). <see cref="ReclaimAbandonedAsync"/> acts only on owners that are not alive: a
/// live runner's in-flight create is never touched, in this process or another.</para>
/// <para><b>Claims.</b> An item is worked on by one owner at a time: its create through
/// <see cref="TryMarkCreatingAsync"/>, its wait and download through <see cref="TryClaimAsync"/>. The item records its
/// owner; a claim succeeds only when the item has no owner or is already this owner's.</para>
/// <para><b>Transitions are guarded.</b> Each <c>Mark…</c> method applies its change only from the source states it
/// names and only for the owner that holds the item, atomically (one conditional update), and returns whether it
/// changed the item. False means "someone else changed it or holds it": the caller must not assume its change happened
/// (<see cref="BatchRunner"/> checks every result). The only exception is <see cref="MarkCreatedAsync"/>, which also
/// accepts an item its own owner left <see cref="BatchItemState.Unknown"/> (an owner reclaimed while its create was in
/// flight may still record the task id it received), and <see cref="ImportTaskIdAsync"/> (the recovery journal).</para>
/// <para><b>Storage.</b> Requests are stored as the API's wire JSON (<see cref="Client.GenerationRequest.ToWireJson"/>),
/// states under the names of <see cref="BatchItemStates"/>; a ledger records its schema version and refuses one newer
/// than it knows.</para>
/// </remarks>
public interface IGenerationLedger
{
    /// <summary>
    /// Records the batch on first use (a new batch id, the input's hash, every item <see cref="BatchItemState.Planned"/>
    /// with no owner); on a later use checks the hash and changes nothing.
    /// </summary>
    /// <param name="inputHash">A hash of the batch's input (a different input is refused).</param>
    /// <param name="items">The items, in order; keys unique.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <exception cref="BatchLedgerException">The ledger records another input (no inner exception), or cannot be written.</exception>
    Task PlanAsync(string inputHash, IReadOnlyList<BatchItem> items, CancellationToken cancellationToken = default);

    /// <summary>The batch the ledger records (its id, input hash and schema version), or null for an empty ledger.</summary>
    /// <param name="cancellationToken">Cancels the call.</param>
    Task<BatchLedgerInfo?> GetInfoAsync(CancellationToken cancellationToken = default);

    /// <summary>Every item, in order.</summary>
    /// <param name="cancellationToken">Cancels the call.</param>
    Task<IReadOnlyList<BatchLedgerEntry>> ReadAsync(CancellationToken cancellationToken = default);

    /// <summary>Counts the items per state.</summary>
    /// <param name="cancellationToken">Cancels the call.</param>
    Task<BatchLedgerCounts> CountAsync(CancellationToken cancellationToken = default);

    /// <summary>Registers <paramref name="ownerId"/> as a live owner (heartbeat now). Call once, before any claim.</summary>
    /// <param name="ownerId">A new, unique id for this runner (a GUID).</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    Task RegisterOwnerAsync(string ownerId, CancellationToken cancellationToken = default);

    /// <summary>
    /// The owner's heartbeat: records that it is still alive. False when the owner is no longer registered (it was
    /// reclaimed as dead): the runner must then stop claiming, and only record outcomes it already has.
    /// </summary>
    /// <param name="ownerId">The owner.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    Task<bool> RenewOwnerAsync(string ownerId, CancellationToken cancellationToken = default);

    /// <summary>
    /// Ends the owner's registration: its claims on items that are not <see cref="BatchItemState.Creating"/> are
    /// released (the items keep their state). An item still creating stays the owner's, and becomes unknown on the next
    /// <see cref="ReclaimAbandonedAsync"/>.
    /// </summary>
    /// <param name="ownerId">The owner.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    Task ReleaseOwnerAsync(string ownerId, CancellationToken cancellationToken = default);

    /// <summary>
    /// Reclaims what owners that are not alive left behind: their <see cref="BatchItemState.Creating"/> items become
    /// <see cref="BatchItemState.Unknown"/> (the create may have been sent; the owner id stays on the item so that owner
    /// may still record a task id), their other claims are released, and they are unregistered. An item creating with
    /// no registered owner (an older ledger) is treated the same way. Live owners' items are never touched.
    /// </summary>
    /// <param name="heartbeatTimeout">How old a heartbeat may be before an owner that the implementation cannot otherwise prove alive is dead.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>How many items became unknown.</returns>
    Task<int> ReclaimAbandonedAsync(TimeSpan heartbeatTimeout, CancellationToken cancellationToken = default);

    /// <summary>Planned → creating, claimed by <paramref name="ownerId"/>, durably, before the create is sent. False when the item was not planned (someone else claimed it).</summary>
    /// <param name="key">The item.</param>
    /// <param name="ownerId">The claiming owner.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    Task<bool> TryMarkCreatingAsync(string key, string ownerId, CancellationToken cancellationToken = default);

    /// <summary>
    /// Claims an item that has a task (created, completed, save_failed, failed) for its wait and download: true when it had no owner or was
    /// already this owner's. Its state does not change.
    /// </summary>
    /// <param name="key">The item.</param>
    /// <param name="ownerId">The claiming owner.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    Task<bool> TryClaimAsync(string key, string ownerId, CancellationToken cancellationToken = default);

    /// <summary>Creating (or unknown, left by this same owner) → created with the task id the API returned.</summary>
    /// <param name="key">The item.</param>
    /// <param name="ownerId">The owner that sent the create.</param>
    /// <param name="taskId">The task id (checked against the contract by the client).</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    Task<bool> MarkCreatedAsync(string key, string ownerId, string taskId, CancellationToken cancellationToken = default);

    /// <summary>Creating → planned, owner cleared: the create certainly did not reach the API or was certainly not taken (402, 429, 401, the API unreachable).</summary>
    /// <param name="key">The item.</param>
    /// <param name="ownerId">The owner.</param>
    /// <param name="reason">Why (kept for status), or null.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    Task<bool> MarkPlannedAsync(string key, string ownerId, string? reason, CancellationToken cancellationToken = default);

    /// <summary>Creating → unknown: the create may have reached the API.</summary>
    /// <param name="key">The item.</param>
    /// <param name="ownerId">The owner.</param>
    /// <param name="reason">What happened.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    Task<bool> MarkUnknownAsync(string key, string ownerId, string reason, CancellationToken cancellationToken = default);

    /// <summary>Creating → refused: the create was certainly refused (nothing created or billed).</summary>
    /// <param name="key">The item.</param>
    /// <param name="ownerId">The owner.</param>
    /// <param name="reason">Why.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    Task<bool> MarkRefusedAsync(string key, string ownerId, string reason, CancellationToken cancellationToken = default);

    /// <summary>Created, completed or save_failed → completed with the saved files (reason cleared).</summary>
    /// <param name="key">The item.</param>
    /// <param name="ownerId">The owner.</param>
    /// <param name="files">The saved output files.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    Task<bool> MarkCompletedAsync(string key, string ownerId, IReadOnlyList<string> files, CancellationToken cancellationToken = default);

    /// <summary>Created → failed: the task itself failed (task id kept).</summary>
    /// <param name="key">The item.</param>
    /// <param name="ownerId">The owner.</param>
    /// <param name="reason">Why.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    Task<bool> MarkFailedAsync(string key, string ownerId, string reason, CancellationToken cancellationToken = default);

    /// <summary>Created or completed → save_failed: the task exists but its outputs could not be saved (task id kept).</summary>
    /// <param name="key">The item.</param>
    /// <param name="ownerId">The owner.</param>
    /// <param name="reason">Why.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    Task<bool> MarkSaveFailedAsync(string key, string ownerId, string reason, CancellationToken cancellationToken = default);

    /// <summary>Records why a created item is not finished yet (a wait to try again), without changing its state.</summary>
    /// <param name="key">The item.</param>
    /// <param name="ownerId">The owner.</param>
    /// <param name="reason">Why.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    Task<bool> NoteAsync(string key, string ownerId, string reason, CancellationToken cancellationToken = default);

    /// <summary>
    /// A task id recovered from a runner's recovery journal (its ledger write failed after the create): creating, unknown
    /// or planned → created with the id, whatever the owner. False when the item has moved on (it has a task id already).
    /// </summary>
    /// <param name="key">The item.</param>
    /// <param name="taskId">The task id the API returned.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    Task<bool> ImportTaskIdAsync(string key, string taskId, CancellationToken cancellationToken = default);

    /// <summary>Every unknown item → planned, owner cleared, on the user's explicit request (a retried item may then exist twice, billed twice). Returns how many.</summary>
    /// <param name="cancellationToken">Cancels the call.</param>
    Task<int> ReplanUnknownAsync(CancellationToken cancellationToken = default);

    /// <summary>
    /// On the user's explicit request: every save_failed item → created (waited for and downloaded again), and every
    /// failed or refused item → planned (created again; a failed task's new create is billed again). Owners cleared,
    /// task ids of re-planned items kept in the reason. Returns how many items changed.
    /// </summary>
    /// <param name="cancellationToken">Cancels the call.</param>
    Task<int> RetryFailedAsync(CancellationToken cancellationToken = default);
}

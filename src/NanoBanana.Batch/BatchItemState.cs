namespace NanoBanana.Batch;

/// <summary>
/// Where an item of a batch stands in the ledger:
/// <see cref="Planned"/> → <see cref="Creating"/> → <see cref="Created"/> → <see cref="Completed"/>, with
/// <see cref="Unknown"/> (a create may or may not have reached the API), <see cref="Refused"/> (the API refused the
/// create: nothing billed), <see cref="Failed"/> (the task failed) and <see cref="SaveFailed"/> (the task exists but
/// its outputs could not be saved). Stored by a ledger under its wire name (<see cref="BatchItemStates.Name"/>).
/// </summary>
public enum BatchItemState
{
    /// <summary>Not created yet; nothing was billed for it.</summary>
    Planned,

    /// <summary>
    /// Its create is about to be sent or in flight, claimed by one runner (recorded durably before sending). When that
    /// runner is gone without recording an outcome, the item becomes <see cref="Unknown"/>.
    /// </summary>
    Creating,

    /// <summary>The API returned a task id; the task may still be running, or a wait is to be tried again (see the reason).</summary>
    Created,

    /// <summary>The task completed and its outputs were saved.</summary>
    Completed,

    /// <summary>The task itself failed (task id kept). Created again only on request (<see cref="BatchRunnerOptions.RetryFailed"/>).</summary>
    Failed,

    /// <summary>A create may have reached the API (and may be billed) but no task id came back. Never created again unless asked for explicitly.</summary>
    Unknown,

    /// <summary>
    /// The API (or the client's check of the contract) refused the create: certainly no task and nothing billed (400,
    /// 503 <c>upstream_error</c>, a request outside the contract). Sent again only on request.
    /// </summary>
    Refused,

    /// <summary>
    /// The task exists (task id kept) but its outputs could not be saved: the output URL was refused, the download
    /// failed for good (a 404), a local I/O or path problem, a file the batch does not own in the way. Waited for and
    /// downloaded again only on request (<see cref="BatchRunnerOptions.RetryFailed"/>); never created again by itself.
    /// </summary>
    SaveFailed,
}

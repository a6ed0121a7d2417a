using System.Globalization;

namespace NanoBanana.Batch;

/// <summary>Whose item a <see cref="BatchItemTransition"/> may change.</summary>
internal enum BatchItemOwnerCheck
{
    /// <summary>Anyone's (the state alone decides): a claim of a planned item, a task id from the recovery journal.</summary>
    Any,

    /// <summary>Only the owner's that holds the item.</summary>
    Holder,

    /// <summary>An item nobody holds, or the owner's own.</summary>
    FreeOrHolder,
}

/// <summary>
/// One change of one item in a ledger: the states it may start from, whose item it may change, and what it sets. The
/// one statement of <see cref="IGenerationLedger"/>'s transition rules, which every SQL ledger turns into its
/// <c>UPDATE ... WHERE</c> (the row changes only when the guard holds; one changed row is the transition's
/// <see langword="true"/>). Parameters are named without their prefix (<c>owner</c>, <c>task_id</c>, <c>reason</c>,
/// <c>files</c>); each ledger passes its own (<c>$</c> for SQLite, <c>@</c> for PostgreSQL).
/// </summary>
internal sealed class BatchItemTransition
{
    private readonly string _set;
    private readonly string? _alsoRequires;

    private BatchItemTransition(BatchItemState[] from, BatchItemOwnerCheck owner, string set, string? alsoRequires = null, bool isClaim = false, bool mayBeLostOnPowerCut = false)
    {
        From = from;
        Owner = owner;
        _set = set;
        _alsoRequires = alsoRequires;
        IsClaim = isClaim;
        MayBeLostOnPowerCut = mayBeLostOnPowerCut;
    }

    /// <summary><see cref="IGenerationLedger.TryMarkCreatingAsync"/>: a planned item claimed for its create.</summary>
    public static BatchItemTransition Creating { get; } = new(
        [BatchItemState.Planned], BatchItemOwnerCheck.Any, "state = 'creating', owner = {0}owner, reason = NULL", isClaim: true);

    /// <summary><see cref="IGenerationLedger.TryClaimAsync"/>: an item with a task claimed for its wait and download.</summary>
    public static BatchItemTransition Claim { get; } = new(
        [BatchItemState.Created, BatchItemState.Completed, BatchItemState.SaveFailed], BatchItemOwnerCheck.FreeOrHolder, "owner = {0}owner", isClaim: true);

    /// <summary>
    /// <see cref="IGenerationLedger.MarkCreatedAsync"/>: the task id after a create. From unknown too: an owner reclaimed
    /// while its create was in flight may still record the id it received.
    /// </summary>
    public static BatchItemTransition Created { get; } = new(
        [BatchItemState.Creating, BatchItemState.Unknown], BatchItemOwnerCheck.Holder, "state = 'created', task_id = {0}task_id, reason = NULL");

    /// <summary><see cref="IGenerationLedger.MarkPlannedAsync"/>: a create certainly not made, to be tried again; the item is let go.</summary>
    public static BatchItemTransition Planned { get; } = new(
        [BatchItemState.Creating], BatchItemOwnerCheck.Holder, "state = 'planned', owner = NULL, reason = {0}reason");

    /// <summary><see cref="IGenerationLedger.MarkUnknownAsync"/>: a create whose outcome is unknown.</summary>
    public static BatchItemTransition Unknown { get; } = new(
        [BatchItemState.Creating], BatchItemOwnerCheck.Holder, "state = 'unknown', reason = {0}reason");

    /// <summary><see cref="IGenerationLedger.MarkRefusedAsync"/>: a create the API refused (nothing billed).</summary>
    public static BatchItemTransition Refused { get; } = new(
        [BatchItemState.Creating], BatchItemOwnerCheck.Holder, "state = 'refused', reason = {0}reason");

    /// <summary>
    /// <see cref="IGenerationLedger.MarkCompletedAsync"/>: the outputs saved (again, for a completed item whose files went
    /// missing). Its loss is harmless: the item stays created with its task id, and a resume downloads it again.
    /// </summary>
    public static BatchItemTransition Completed { get; } = new(
        [BatchItemState.Created, BatchItemState.Completed, BatchItemState.SaveFailed], BatchItemOwnerCheck.Holder, "state = 'completed', files = {0}files, reason = NULL",
        mayBeLostOnPowerCut: true);

    /// <summary><see cref="IGenerationLedger.MarkFailedAsync"/>: the task itself failed.</summary>
    public static BatchItemTransition Failed { get; } = new(
        [BatchItemState.Created], BatchItemOwnerCheck.Holder, "state = 'failed', reason = {0}reason");

    /// <summary><see cref="IGenerationLedger.MarkSaveFailedAsync"/>: the task exists but its outputs could not be saved.</summary>
    public static BatchItemTransition SaveFailed { get; } = new(
        [BatchItemState.Created, BatchItemState.Completed], BatchItemOwnerCheck.Holder, "state = 'save_failed', reason = {0}reason");

    /// <summary><see cref="IGenerationLedger.NoteAsync"/>: a reason on a created item, which stays created.</summary>
    public static BatchItemTransition Note { get; } = new(
        [BatchItemState.Created], BatchItemOwnerCheck.Holder, "reason = {0}reason");

    /// <summary><see cref="IGenerationLedger.ImportTaskIdAsync"/>: a task id from the recovery journal, for an item that has none.</summary>
    public static BatchItemTransition Imported { get; } = new(
        [BatchItemState.Planned, BatchItemState.Creating, BatchItemState.Unknown], BatchItemOwnerCheck.Any,
        "state = 'created', task_id = {0}task_id, owner = NULL, reason = 'task id recovered from the recovery journal'", alsoRequires: "task_id IS NULL");

    /// <summary>The states the item may be in.</summary>
    public IReadOnlyList<BatchItemState> From { get; }

    /// <summary>Whose item it may change (the owner is the parameter <c>owner</c>).</summary>
    public BatchItemOwnerCheck Owner { get; }

    /// <summary>
    /// A claim of an item (<see cref="Creating"/>, <see cref="Claim"/>): a ledger with row locks skips an item another
    /// runner is claiming at that moment (false at once) rather than waiting for it.
    /// </summary>
    public bool IsClaim { get; }

    /// <summary>
    /// Whether a ledger may commit this change without waiting for it to reach the disk (it survives a killed process,
    /// not a power cut): true only where losing it is harmless (the item is waited for and downloaded again). Every
    /// change that guards money (the creating mark before a create is sent, the task id after it) is false: on disk
    /// before the method returns.
    /// </summary>
    public bool MayBeLostOnPowerCut { get; }

    /// <summary>The guard for a <c>WHERE</c> clause (the item's key and batch are the ledger's to add).</summary>
    /// <param name="prefix">The ledger's parameter prefix.</param>
    public string Guard(char prefix)
    {
        var guard = $"state IN ({string.Join(", ", From.Select(s => $"'{BatchItemStates.Name(s)}'"))})";
        guard += Owner switch
        {
            BatchItemOwnerCheck.Holder => $" AND owner = {prefix}owner",
            BatchItemOwnerCheck.FreeOrHolder => $" AND (owner IS NULL OR owner = {prefix}owner)",
            _ => string.Empty,
        };
        return _alsoRequires is null ? guard : $"{guard} AND {_alsoRequires}";
    }

    /// <summary>The assignments for a <c>SET</c> clause (the ledger adds its change time).</summary>
    /// <param name="prefix">The ledger's parameter prefix.</param>
    public string Set(char prefix) => string.Format(CultureInfo.InvariantCulture, _set, prefix);
}

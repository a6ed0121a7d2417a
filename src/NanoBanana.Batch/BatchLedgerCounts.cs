namespace NanoBanana.Batch;

/// <summary>How many items of a ledger are in each state.</summary>
/// <param name="Planned">Not created yet.</param>
/// <param name="Creating">A create in flight (when its runner is gone these become unknown).</param>
/// <param name="Created">Created, not finished.</param>
/// <param name="Completed">Completed and saved.</param>
/// <param name="Failed">The task failed.</param>
/// <param name="Unknown">Create outcome unknown.</param>
/// <param name="Refused">The create was refused (nothing billed).</param>
/// <param name="SaveFailed">Created, but the outputs could not be saved.</param>
public sealed record BatchLedgerCounts(int Planned, int Creating, int Created, int Completed, int Failed, int Unknown, int Refused = 0, int SaveFailed = 0)
{
    /// <summary>Every item.</summary>
    public int Total => Planned + Creating + Created + Completed + Failed + Unknown + Refused + SaveFailed;

    /// <summary>The count of <paramref name="state"/>.</summary>
    /// <param name="state">A state.</param>
    public int Of(BatchItemState state) => state switch
    {
        BatchItemState.Planned => Planned,
        BatchItemState.Creating => Creating,
        BatchItemState.Created => Created,
        BatchItemState.Completed => Completed,
        BatchItemState.Failed => Failed,
        BatchItemState.Unknown => Unknown,
        BatchItemState.Refused => Refused,
        BatchItemState.SaveFailed => SaveFailed,
        _ => 0,
    };

    /// <summary>Counts from a per-state table.</summary>
    /// <param name="counts">How many items per state.</param>
    public static BatchLedgerCounts From(IReadOnlyDictionary<BatchItemState, int> counts)
    {
        ArgumentNullException.ThrowIfNull(counts);
        int C(BatchItemState s) => counts.TryGetValue(s, out var n) ? n : 0;
        return new BatchLedgerCounts(C(BatchItemState.Planned), C(BatchItemState.Creating), C(BatchItemState.Created), C(BatchItemState.Completed),
            C(BatchItemState.Failed), C(BatchItemState.Unknown), C(BatchItemState.Refused), C(BatchItemState.SaveFailed));
    }
}

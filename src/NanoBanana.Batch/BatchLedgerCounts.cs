namespace NanoBanana.Batch;

/// <summary>How many items of a ledger are in each state.</summary>
public sealed class BatchLedgerCounts
{
    /// <summary>Not created yet.</summary>
    public int Planned { get; init; }

    /// <summary>A create in flight (when its runner is gone these become unknown).</summary>
    public int Creating { get; init; }

    /// <summary>Created, not finished.</summary>
    public int Created { get; init; }

    /// <summary>Completed and saved.</summary>
    public int Completed { get; init; }

    /// <summary>The task failed.</summary>
    public int Failed { get; init; }

    /// <summary>Create outcome unknown.</summary>
    public int Unknown { get; init; }

    /// <summary>The create was refused (nothing billed).</summary>
    public int Refused { get; init; }

    /// <summary>Created, but the outputs could not be saved.</summary>
    public int SaveFailed { get; init; }

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
        return new BatchLedgerCounts
        {
            Planned = C(BatchItemState.Planned),
            Creating = C(BatchItemState.Creating),
            Created = C(BatchItemState.Created),
            Completed = C(BatchItemState.Completed),
            Failed = C(BatchItemState.Failed),
            Unknown = C(BatchItemState.Unknown),
            Refused = C(BatchItemState.Refused),
            SaveFailed = C(BatchItemState.SaveFailed),
        };
    }

    /// <inheritdoc />
    public override string ToString() => string.Join(", ",
        Enum.GetValues<BatchItemState>().Where(s => Of(s) > 0).Select(s => $"{Of(s)} {BatchItemStates.Name(s)}").DefaultIfEmpty("no items"));
}

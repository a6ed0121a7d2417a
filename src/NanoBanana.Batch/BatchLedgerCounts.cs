namespace NanoBanana.Batch;

/// <summary>How many items of a ledger are in each state.</summary>
/// <param name="Planned">Not created yet.</param>
/// <param name="Creating">A create in flight (after a crash these become unknown on the next run).</param>
/// <param name="Created">Created, not finished.</param>
/// <param name="Completed">Completed and saved.</param>
/// <param name="Failed">Failed.</param>
/// <param name="Unknown">Create outcome unknown.</param>
public sealed record BatchLedgerCounts(int Planned, int Creating, int Created, int Completed, int Failed, int Unknown)
{
    /// <summary>Every item.</summary>
    public int Total => Planned + Creating + Created + Completed + Failed + Unknown;
}

namespace NanoBanana.Batch;

/// <summary>The names a ledger stores for <see cref="BatchItemState"/> values (part of the ledger's schema; never renamed).</summary>
public static class BatchItemStates
{
    private static readonly string[] Names = ["planned", "creating", "created", "completed", "failed", "unknown", "refused", "save_failed"];

    /// <summary>The stored name of <paramref name="state"/>: <c>planned</c>, <c>creating</c>, <c>created</c>, <c>completed</c>, <c>failed</c>, <c>unknown</c>, <c>refused</c>, <c>save_failed</c>.</summary>
    /// <param name="state">The state.</param>
    public static string Name(BatchItemState state) =>
        (int)state >= 0 && (int)state < Names.Length ? Names[(int)state] : throw new ArgumentOutOfRangeException(nameof(state), state, "Not a batch item state.");

    /// <summary>The state stored as <paramref name="name"/>.</summary>
    /// <param name="name">A stored name.</param>
    /// <exception cref="BatchLedgerException">Not a state this version knows.</exception>
    public static BatchItemState Parse(string name)
    {
        var index = Array.IndexOf(Names, name);
        return index >= 0 ? (BatchItemState)index : throw new BatchLedgerException($"unknown item state '{name}' in the ledger (written by a newer version?)");
    }
}

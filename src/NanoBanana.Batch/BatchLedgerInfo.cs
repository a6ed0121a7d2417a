namespace NanoBanana.Batch;

/// <summary>What a planned ledger records about its batch.</summary>
public sealed class BatchLedgerInfo
{
    /// <summary>Describes a planned batch (for ledger implementations).</summary>
    /// <param name="batchId">The batch's id, made when it was planned.</param>
    /// <param name="inputHash">The hash of the batch's input.</param>
    /// <param name="schemaVersion">The ledger's schema version.</param>
    public BatchLedgerInfo(string batchId, string inputHash, int schemaVersion)
    {
        ArgumentNullException.ThrowIfNull(batchId);
        ArgumentNullException.ThrowIfNull(inputHash);
        BatchId = batchId;
        InputHash = inputHash;
        SchemaVersion = schemaVersion;
    }

    /// <summary>The batch's id, made when it was planned (an output folder is bound to it).</summary>
    public string BatchId { get; }

    /// <summary>The hash of the batch's input (a different input is refused).</summary>
    public string InputHash { get; }

    /// <summary>The ledger's schema version (<see cref="SqliteGenerationLedger.SchemaVersion"/> for the SQLite ledger).</summary>
    public int SchemaVersion { get; }

    /// <inheritdoc />
    public override string ToString() => $"batch {BatchId} (input {InputHash}, schema version {SchemaVersion})";
}

namespace NanoBanana.Batch;

/// <summary>What a planned ledger records about its batch.</summary>
/// <param name="BatchId">The batch's id, made when it was planned (an output folder is bound to it).</param>
/// <param name="InputHash">The hash of the batch's input (a different input is refused).</param>
/// <param name="SchemaVersion">The ledger's schema version (<see cref="SqliteGenerationLedger.SchemaVersion"/> for the SQLite ledger).</param>
public sealed record BatchLedgerInfo(string BatchId, string InputHash, int SchemaVersion);

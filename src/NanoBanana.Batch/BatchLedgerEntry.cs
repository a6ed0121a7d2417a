using NanoBanana.Client;

namespace NanoBanana.Batch;

/// <summary>An item as the ledger records it.</summary>
/// <param name="Position">The item's position in the batch (0-based).</param>
/// <param name="Key">The item's key.</param>
/// <param name="Request">The generation request.</param>
/// <param name="State">Where the item stands.</param>
/// <param name="TaskId">The task id once the API returned one.</param>
/// <param name="Files">The saved output files once completed.</param>
/// <param name="Reason">Why the item failed, is unknown, or is waiting to be tried again.</param>
/// <param name="Owner">The runner that holds the item (its create or its wait), if any.</param>
public sealed record BatchLedgerEntry(
    int Position,
    string Key,
    GenerationRequest Request,
    BatchItemState State,
    string? TaskId,
    IReadOnlyList<string> Files,
    string? Reason,
    string? Owner = null);

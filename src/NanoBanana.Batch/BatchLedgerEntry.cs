using NanoBanana.Client;

namespace NanoBanana.Batch;

/// <summary>An item as the ledger records it.</summary>
public sealed class BatchLedgerEntry
{
    /// <summary>Describes a recorded item (for ledger implementations).</summary>
    /// <param name="position">The item's position in the batch (0-based).</param>
    /// <param name="key">The item's key.</param>
    /// <param name="request">The generation request.</param>
    /// <param name="state">Where the item stands.</param>
    public BatchLedgerEntry(int position, string key, GenerationRequest request, BatchItemState state)
    {
        ArgumentNullException.ThrowIfNull(key);
        ArgumentNullException.ThrowIfNull(request);
        Position = position;
        Key = key;
        Request = request;
        State = state;
    }

    /// <summary>The item's position in the batch (0-based).</summary>
    public int Position { get; }

    /// <summary>The item's key.</summary>
    public string Key { get; }

    /// <summary>The generation request.</summary>
    public GenerationRequest Request { get; }

    /// <summary>Where the item stands.</summary>
    public BatchItemState State { get; }

    /// <summary>The task id once the API returned one.</summary>
    public string? TaskId { get; init; }

    /// <summary>The saved output files once completed (empty before).</summary>
    public IReadOnlyList<string> Files { get; init; } = [];

    /// <summary>Why the item failed, is unknown, or is waiting to be tried again.</summary>
    public string? Reason { get; init; }

    /// <summary>The runner that holds the item (its create or its wait), if any.</summary>
    public string? Owner { get; init; }

    /// <inheritdoc />
    public override string ToString() => $"{Key}: {BatchItemStates.Name(State)}{(TaskId is null ? "" : $" (task {TaskId})")}{(Reason is null ? "" : $": {Reason}")}";
}

namespace NanoBanana.Batch;

/// <summary>
/// Where an item of a batch stands in the ledger:
/// <see cref="Planned"/> → <see cref="Creating"/> → <see cref="Created"/> → <see cref="Completed"/> | <see cref="Failed"/>,
/// or <see cref="Unknown"/> when a create may or may not have reached the API.
/// </summary>
public enum BatchItemState
{
    /// <summary>Not created yet; nothing was billed for it.</summary>
    Planned,

    /// <summary>Its create is about to be sent or in flight (recorded durably before sending). Found after a crash, it becomes <see cref="Unknown"/>.</summary>
    Creating,

    /// <summary>The API returned a task id; the task may still be running.</summary>
    Created,

    /// <summary>The task completed and its outputs were saved.</summary>
    Completed,

    /// <summary>Certainly not producing an image: the request was refused as invalid, or the task failed.</summary>
    Failed,

    /// <summary>A create may have reached the API (and may be billed) but no task id came back. Never created again unless asked for explicitly.</summary>
    Unknown,
}

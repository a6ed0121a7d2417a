namespace NanoBanana.Batch;

/// <summary>A task id the API returned that the ledger could not record (<see cref="BatchSummary.UnrecordedTasks"/>).</summary>
public sealed class BatchUnrecordedTask
{
    /// <summary>Describes an unrecorded task (the runner makes them).</summary>
    /// <param name="key">The item.</param>
    /// <param name="taskId">The task id the API returned.</param>
    /// <param name="reason">Why it could not be recorded.</param>
    public BatchUnrecordedTask(string key, string taskId, string reason)
    {
        ArgumentNullException.ThrowIfNull(key);
        ArgumentNullException.ThrowIfNull(taskId);
        ArgumentNullException.ThrowIfNull(reason);
        Key = key;
        TaskId = taskId;
        Reason = reason;
    }

    /// <summary>The item's key.</summary>
    public string Key { get; }

    /// <summary>The task id the API returned: keep it, the task may be billed.</summary>
    public string TaskId { get; }

    /// <summary>Why it could not be recorded, and where it was kept instead.</summary>
    public string Reason { get; }

    /// <inheritdoc />
    public override string ToString() => $"{Key}: task {TaskId}: {Reason}";
}

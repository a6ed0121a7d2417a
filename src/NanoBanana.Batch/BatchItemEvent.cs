namespace NanoBanana.Batch;

/// <summary>A change of one item during a run, reported to the runner's progress sink.</summary>
public sealed class BatchItemEvent
{
    /// <summary>Describes a change (for fakes of the progress sink; the runner makes them).</summary>
    /// <param name="key">The item.</param>
    /// <param name="state">Its state after the change.</param>
    /// <param name="taskId">Its task id, when known.</param>
    /// <param name="message">What happened, for people (a failure's reason, the saved files).</param>
    public BatchItemEvent(string key, BatchItemState state, string? taskId, string? message)
    {
        ArgumentNullException.ThrowIfNull(key);
        Key = key;
        State = state;
        TaskId = taskId;
        Message = message;
    }

    /// <summary>The item's key.</summary>
    public string Key { get; }

    /// <summary>Its state after the change.</summary>
    public BatchItemState State { get; }

    /// <summary>Its task id, when known.</summary>
    public string? TaskId { get; }

    /// <summary>What happened, for people (a failure's reason, the saved files); may be null.</summary>
    public string? Message { get; }

    /// <inheritdoc />
    public override string ToString() => $"{Key}: {BatchItemStates.Name(State)}{(TaskId is null ? "" : $" (task {TaskId})")}{(Message is null ? "" : $": {Message}")}";
}

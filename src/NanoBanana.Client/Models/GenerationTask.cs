namespace NanoBanana.Client;

/// <summary>
/// A generation task as the API reported it (<c>GET /v1/tasks/{id}</c>, or a callback): read-only, a snapshot that
/// nothing else changes. Build one for a test with <see cref="NanoBananaModelFactory.GenerationTask"/>.
/// </summary>
public sealed class GenerationTask
{
    internal GenerationTask(string id, GenerationTaskStatus status, string? model, DateTimeOffset? createdAt, DateTimeOffset? completedAt,
        double? progress, TaskOutput? output, TaskError? error, IReadOnlyDictionary<string, object>? additionalProperties = null)
    {
        Id = id;
        Status = status;
        Model = model;
        CreatedAt = createdAt;
        CompletedAt = completedAt;
        Progress = progress;
        Output = output;
        Error = error;
        AdditionalProperties = additionalProperties;
    }

    /// <summary>The task id.</summary>
    public string Id { get; }

    /// <summary>The status: pending, processing, completed, failed, or one the API adds later.</summary>
    public GenerationTaskStatus Status { get; }

    /// <summary>The model that runs the task, as the API names it (any model of the platform may appear).</summary>
    public string? Model { get; }

    /// <summary>When the task was created, when the API said (to the second).</summary>
    public DateTimeOffset? CreatedAt { get; }

    /// <summary>When the task completed, when the API said (to the second).</summary>
    public DateTimeOffset? CompletedAt { get; }

    /// <summary>Progress of a task in progress, from 0 to 100, when the API gives it.</summary>
    public double? Progress { get; }

    /// <summary>The outputs of a completed task.</summary>
    public TaskOutput? Output { get; }

    /// <summary>Why a failed task failed.</summary>
    public TaskError? Error { get; }

    /// <summary>Fields the contract does not name, kept as they came (<see cref="TaskCallback.ToJson"/> writes them back).</summary>
    internal IReadOnlyDictionary<string, object>? AdditionalProperties { get; }

    /// <inheritdoc />
    public override string ToString() => $"GenerationTask {Id} ({Status})";
}

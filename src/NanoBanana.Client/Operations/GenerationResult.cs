namespace NanoBanana.Client;

/// <summary>
/// A completed generation: the task as the API last reported it and its output image URLs (never empty).
/// </summary>
public sealed class GenerationResult
{
    /// <summary>A result of a completed task (<see cref="NanoBananaModelFactory.GenerationResult"/> makes one for a test).</summary>
    /// <param name="task">A task whose status is completed and whose <c>output.urls</c> holds at least one URL.</param>
    /// <exception cref="ArgumentNullException"><paramref name="task"/> is null.</exception>
    /// <exception cref="ArgumentException">The task is not completed or has no output URL.</exception>
    internal GenerationResult(GenerationTask task)
    {
        ArgumentNullException.ThrowIfNull(task);
        if (task.Status != GenerationTaskStatus.Completed)
        {
            throw new ArgumentException($"Task '{task.Id}' is not completed (status: {task.Status}).", nameof(task));
        }

        if (task.Output?.Urls is not { Count: > 0 } urls)
        {
            throw new ArgumentException($"Task '{task.Id}' is completed but has no output URL.", nameof(task));
        }

        Task = task;
        OutputUrls = urls;
    }

    /// <summary>The task id.</summary>
    public string TaskId => Task.Id;

    /// <summary>The completed task as the API reported it (metadata, timestamps, every field it returned).</summary>
    public GenerationTask Task { get; }

    /// <summary>The output image URLs, at least one. They live on another host: download them with <see cref="INanoBananaClient.DownloadAsync"/>.</summary>
    public IReadOnlyList<Uri> OutputUrls { get; }
}

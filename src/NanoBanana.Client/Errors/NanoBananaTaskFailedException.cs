namespace NanoBanana.Client;

/// <summary>The task ended with status <c>failed</c>. <see cref="Task"/> holds it, with its <c>error</c>. The docs promise a refund of its credits when it failed upstream (<c>upstream_error</c>).</summary>
public sealed class NanoBananaTaskFailedException : NanoBananaException
{
    /// <summary>Creates the error for a failed task.</summary>
    /// <param name="task">The failed task.</param>
    public NanoBananaTaskFailedException(GenerationTask task)
        : base(
            $"Task {(task ?? throw new ArgumentNullException(nameof(task))).Id} failed: {task.Error?.Code ?? "(no code)"}: {task.Error?.Message ?? "(no message)"}",
            errorCode: task.Error?.Code)
    {
        Task = task;
        Class = FailureClassifier.Final;
        Category = NanoBananaFailureCategory.TaskFailed;
    }

    /// <summary>The failed task, as the API returned it.</summary>
    public GenerationTask Task { get; }

    /// <summary>The task's id.</summary>
    public string TaskId => Task.Id;
}

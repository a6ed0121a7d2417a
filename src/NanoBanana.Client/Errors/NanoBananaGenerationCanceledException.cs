namespace NanoBanana.Client;

/// <summary>
/// A generation was canceled after its task was created: the task exists, is billed and goes on. Its
/// <see cref="TaskId"/> resumes it (<see cref="INanoBananaClient.ResumeGeneration(string)"/>) or finds it later.
/// An <see cref="OperationCanceledException"/>, so code that handles cancellation still does.
/// </summary>
public sealed class NanoBananaGenerationCanceledException : OperationCanceledException
{
    /// <summary>Creates the error.</summary>
    /// <param name="taskId">The task that was created before the cancellation.</param>
    /// <param name="innerException">The cancellation as the wait met it.</param>
    /// <param name="cancellationToken">The token that was canceled.</param>
    public NanoBananaGenerationCanceledException(string taskId, Exception? innerException, CancellationToken cancellationToken)
        : base($"The generation was canceled after task {(taskId ?? throw new ArgumentNullException(nameof(taskId)))} was created; the task goes on " +
               $"and is billed. Resume it with ResumeGeneration(\"{taskId}\").", innerException, cancellationToken)
    {
        TaskId = taskId;
    }

    /// <summary>The task that was created: resume or look it up by this id instead of generating again.</summary>
    public string TaskId { get; }
}

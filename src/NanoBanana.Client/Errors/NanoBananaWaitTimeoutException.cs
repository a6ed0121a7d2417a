namespace NanoBanana.Client;

/// <summary>
/// A wait ran out of time before the task finished. The task goes on: wait again on the same
/// <see cref="GenerationOperation"/>, or resume it from <see cref="TaskId"/> with <see cref="INanoBananaClient.ResumeGeneration"/>.
/// </summary>
public sealed class NanoBananaWaitTimeoutException : NanoBananaException
{
    /// <summary>Creates the error.</summary>
    /// <param name="taskId">The task waited for.</param>
    /// <param name="timeout">How long the wait lasted.</param>
    /// <param name="lastStatus">The last status seen, if any.</param>
    public NanoBananaWaitTimeoutException(string taskId, TimeSpan timeout, GenerationTaskStatus? lastStatus)
        : base($"Task {taskId} did not finish within {timeout} (last status: {(lastStatus?.ToString() ?? "unknown")}). " +
               $"It may still complete: call ResumeGeneration(\"{taskId}\").WaitForCompletionAsync() to resume waiting.")
    {
        TaskId = taskId;
        Class = FailureClassifier.Final;
        Category = NanoBananaFailureCategory.WaitTimeout;
        Timeout = timeout;
        LastStatus = lastStatus;
    }

    /// <summary>The task waited for; pass it to <see cref="INanoBananaClient.ResumeGeneration"/> to resume.</summary>
    public string TaskId { get; }

    /// <summary>How long the wait lasted.</summary>
    public TimeSpan Timeout { get; }

    /// <summary>The last status seen, if any poll succeeded.</summary>
    public GenerationTaskStatus? LastStatus { get; }
}

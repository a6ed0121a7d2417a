namespace NanoBanana.Client;

/// <summary>
/// One generation task, from its create (or its id) to its outputs: the task id, the last status seen, and the
/// waits on it. Get one from <see cref="INanoBananaClient.StartGenerationAsync(GenerationRequest, CancellationToken)"/>,
/// or rebuild it from a task id saved earlier (another process, a restart) with
/// <see cref="INanoBananaClient.ResumeGeneration(string)"/>.
/// </summary>
/// <remarks>
/// The client's operation keeps what its waits need: when the task was created (so the first poll goes out when
/// completion becomes likely), where the polling schedule stands, and the server's last <c>Retry-After</c>. A second
/// wait (after a timeout, say) continues from there. Run one wait at a time per operation.
/// For tests, <see cref="NanoBananaModelFactory.GenerationOperation"/> makes an operation that plays given task states,
/// and a derived class may play anything else.
/// </remarks>
public abstract class GenerationOperation
{
    /// <summary>For a derived operation (a test double, say); the client makes its own.</summary>
    protected GenerationOperation()
    {
    }

    /// <summary>The task id: save it to resume the operation elsewhere with <see cref="INanoBananaClient.ResumeGeneration(string)"/>.</summary>
    public abstract string TaskId { get; }

    /// <summary>The task as the last successful read reported it; null before the first read. A snapshot: reads replace it, nothing changes it.</summary>
    public abstract GenerationTask? LastKnownTask { get; }

    /// <summary>Whether the task has finished (completed or failed), as far as the last read knows.</summary>
    public virtual bool HasCompleted => LastKnownTask is { } task && IsFinished(task.Status);

    /// <summary>Reads the task once (transient failures retried) and records it as <see cref="LastKnownTask"/>.</summary>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The task as the API reports it now.</returns>
    public abstract ValueTask<GenerationTask> UpdateStatusAsync(CancellationToken cancellationToken = default);

    /// <summary>
    /// Waits until the task completes, polling on an adaptive schedule (none at all if it is already known to be
    /// finished). A callback the client confirms (its callback endpoint, or another process's through an
    /// <see cref="INanoBananaTaskNotifier"/>) ends the wait at once; when the client expects callbacks
    /// (<see cref="NanoBananaClientOptions.CallbackUrl"/>), polling is only a slow safety net. Throws <see cref="NanoBananaTaskFailedException"/> when it fails and
    /// <see cref="NanoBananaWaitTimeoutException"/> when the timeout passes first; the task goes on, and a later
    /// wait on this operation (or on <see cref="INanoBananaClient.ResumeGeneration(string)"/> of its id) resumes it.
    /// </summary>
    /// <param name="timeout">How long to wait; null for <see cref="NanoBananaClientOptions.DefaultWaitTimeout"/>.</param>
    /// <param name="cancellationToken">Stops waiting promptly.</param>
    /// <returns>The completed task and its output URLs.</returns>
    /// <exception cref="NanoBananaException">A completed task without any output URL (a breach of the contract).</exception>
    public abstract Task<GenerationResult> WaitForCompletionAsync(TimeSpan? timeout = null, CancellationToken cancellationToken = default);

    /// <summary>
    /// Follows the task: yields it each time its status or its progress changes (the first state seen included), and ends after it
    /// completes or fails (a failed task is yielded, not thrown). Throws <see cref="NanoBananaWaitTimeoutException"/>
    /// when the timeout passes first.
    /// </summary>
    /// <param name="timeout">How long to follow; null for <see cref="NanoBananaClientOptions.DefaultWaitTimeout"/>.</param>
    /// <param name="cancellationToken">Stops following promptly.</param>
    /// <returns>The task at each change of status or progress.</returns>
    public abstract IAsyncEnumerable<GenerationTask> WatchAsync(TimeSpan? timeout = null, CancellationToken cancellationToken = default);

    /// <inheritdoc />
    public override string ToString() => $"GenerationOperation {TaskId} ({LastKnownTask?.Status.ToString() ?? "not read yet"})";

    /// <summary>Whether a status is final: completed or failed.</summary>
    internal static bool IsFinished(GenerationTaskStatus status) =>
        status == GenerationTaskStatus.Completed || status == GenerationTaskStatus.Failed;

    /// <summary>The result of a task the wait saw finish: the result, or the failure it is (a failed task, a completed one without output).</summary>
    private protected static GenerationResult Finish(GenerationTask task)
    {
        if (task.Status == GenerationTaskStatus.Failed)
        {
            throw new NanoBananaTaskFailedException(task);
        }

        if (task.Output?.Urls is not { Count: > 0 })
        {
            throw new NanoBananaException(
                $"get_task: task '{task.Id}' is completed but its output has no URL; the contract promises at least one output URL for a completed task.", 200);
        }

        return new GenerationResult(task);
    }

    /// <summary>Checks a wait's timeout argument.</summary>
    private protected static void CheckTimeout(TimeSpan? timeout)
    {
        if (timeout is { } t && t <= TimeSpan.Zero) throw new ArgumentOutOfRangeException(nameof(timeout), t, "The timeout must be positive.");
    }
}

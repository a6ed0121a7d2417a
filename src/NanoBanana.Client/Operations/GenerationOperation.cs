using System.Runtime.CompilerServices;

namespace NanoBanana.Client;

/// <summary>
/// One generation task, from its create (or its id) to its outputs: the task id, the last status seen, and the
/// waits on it. Get one from <see cref="INanoBananaClient.StartGenerationAsync(GenerationRequest, CancellationToken)"/>,
/// or rebuild it from a task id saved earlier (another process, a restart) with
/// <see cref="INanoBananaClient.ResumeGeneration(string)"/>.
/// </summary>
/// <remarks>
/// The operation keeps what its waits need: when the task was created (so the first poll goes out when completion
/// becomes likely), where the polling schedule stands, and the server's last <c>Retry-After</c>. A second wait
/// (after a timeout, say) continues from there, as the first would have. Run one wait at a time per operation;
/// the client itself is shared freely.
/// </remarks>
public sealed partial class GenerationOperation
{
    private readonly NanoBananaClient _client;
    private readonly object _gate = new();
    private GenerationTask? _lastKnownTask;
    private long? _origin;
    private int _pendingPolls;
    private long? _notBefore;
    private bool _unknownStatusLogged;
    private readonly bool _callbackExpected;

    internal GenerationOperation(NanoBananaClient client, string taskId, long? createdAt, bool callbackExpected = false)
    {
        _client = client;
        TaskId = taskId;
        _origin = createdAt;
        _callbackExpected = callbackExpected;
    }

    /// <summary>The task id: save it to resume the operation elsewhere with <see cref="INanoBananaClient.ResumeGeneration(string)"/>.</summary>
    public string TaskId { get; }

    /// <summary>The task as the last successful read reported it; null before the first read.</summary>
    public GenerationTask? LastKnownTask
    {
        get { lock (_gate) return _lastKnownTask; }
    }

    /// <summary>Whether the task has finished (completed or failed), as far as the last read knows.</summary>
    public bool HasCompleted => LastKnownTask is { } task && IsFinished(task.Status);

    /// <summary>Reads the task once (transient failures retried) and records it as <see cref="LastKnownTask"/>.</summary>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The task as the API reports it now.</returns>
    public async ValueTask<GenerationTask> UpdateStatusAsync(CancellationToken cancellationToken = default)
    {
        var retryAfter = new StrongBox<TimeSpan?>();
        var task = await _client.ReadTaskAsync(TaskId, retryAfter, cancellationToken).ConfigureAwait(false);
        Observe(task, retryAfter.Value);
        return task;
    }

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
    public async Task<GenerationResult> WaitForCompletionAsync(TimeSpan? timeout = null, CancellationToken cancellationToken = default)
    {
        NanoBananaClient.CheckTimeout(timeout);
        var last = LastKnownTask;
        if (last is null || !IsFinished(last.Status))
        {
            await foreach (var task in PollAsync(timeout ?? _client.DefaultWaitTimeout, cancellationToken).ConfigureAwait(false))
            {
                last = task;
            }
        }

        if (last is null || !IsFinished(last.Status))
        {
            throw new InvalidOperationException("The polling loop ended before the task finished.");
        }

        if (last.Status == GenerationTaskStatus.Failed)
        {
            throw new NanoBananaTaskFailedException(last);
        }

        return ToResult(last);
    }

    /// <summary>
    /// Follows the task: yields it each time its status or its progress changes (the first state seen included), and ends after it
    /// completes or fails (a failed task is yielded, not thrown). Throws <see cref="NanoBananaWaitTimeoutException"/>
    /// when the timeout passes first.
    /// </summary>
    /// <param name="timeout">How long to follow; null for <see cref="NanoBananaClientOptions.DefaultWaitTimeout"/>.</param>
    /// <param name="cancellationToken">Stops following promptly.</param>
    /// <returns>The task at each change of status or progress.</returns>
    public IAsyncEnumerable<GenerationTask> WatchAsync(TimeSpan? timeout = null, CancellationToken cancellationToken = default)
    {
        NanoBananaClient.CheckTimeout(timeout);
        if (LastKnownTask is { } last && IsFinished(last.Status))
        {
            return Finished(last);
        }

        return PollAsync(timeout ?? _client.DefaultWaitTimeout, cancellationToken);
    }

    /// <inheritdoc />
    public override string ToString() => $"GenerationOperation {TaskId} ({LastKnownTask?.Status.ToString() ?? "not read yet"})";

    internal static bool IsFinished(GenerationTaskStatus status) =>
        status == GenerationTaskStatus.Completed || status == GenerationTaskStatus.Failed;

    /// <summary>The result of a completed task; one without output is a breach of the contract, raised as such.</summary>
    private static GenerationResult ToResult(GenerationTask task)
    {
        if (task.Output?.Urls is not { Count: > 0 } urls || urls.Any(static url => url is null))
        {
            throw new NanoBananaException(
                $"get_task: task '{task.Id}' is completed but its output has no URL; the contract promises at least one output URL for a completed task.", 200);
        }

        return new GenerationResult(task);
    }

    private static async IAsyncEnumerable<GenerationTask> Finished(GenerationTask task)
    {
        await Task.CompletedTask.ConfigureAwait(false);
        yield return task;
    }
}

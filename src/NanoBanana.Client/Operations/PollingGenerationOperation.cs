using System.Runtime.CompilerServices;

namespace NanoBanana.Client;

/// <summary>
/// The client's operation: polls the task on the adaptive schedule (<see cref="PollingSchedule"/>), honouring the
/// server's Retry-After, and keeps between waits when the task began, where the schedule stands and the last Retry-After.
/// </summary>
internal sealed partial class PollingGenerationOperation : GenerationOperation
{
    private readonly NanoBananaClient _client;
    private readonly object _gate = new();
    private GenerationTask? _lastKnownTask;
    private long? _origin;
    private int _pendingPolls;
    private long? _notBefore;
    private bool _unknownStatusLogged;
    private readonly bool _callbackExpected;

    internal PollingGenerationOperation(NanoBananaClient client, string taskId, long? createdAt, bool callbackExpected = false)
    {
        _client = client;
        TaskId = taskId;
        _origin = createdAt;
        _callbackExpected = callbackExpected;
    }

    /// <inheritdoc />
    public override string TaskId { get; }

    /// <inheritdoc />
    public override GenerationTask? LastKnownTask
    {
        get { lock (_gate) return _lastKnownTask; }
    }

    /// <inheritdoc />
    public override async ValueTask<GenerationTask> UpdateStatusAsync(CancellationToken cancellationToken = default)
    {
        var retryAfter = new StrongBox<TimeSpan?>();
        var task = await _client.ReadTaskAsync(TaskId, retryAfter, cancellationToken).ConfigureAwait(false);
        Observe(task, retryAfter.Value);
        return task;
    }

    /// <inheritdoc />
    public override async Task<GenerationResult> WaitForCompletionAsync(TimeSpan? timeout = null, CancellationToken cancellationToken = default)
    {
        CheckTimeout(timeout);
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

        return Finish(last);
    }

    /// <inheritdoc />
    public override IAsyncEnumerable<GenerationTask> WatchAsync(TimeSpan? timeout = null, CancellationToken cancellationToken = default)
    {
        CheckTimeout(timeout);
        if (LastKnownTask is { } last && IsFinished(last.Status))
        {
            return Finished(last);
        }

        return PollAsync(timeout ?? _client.DefaultWaitTimeout, cancellationToken);
    }

    private static async IAsyncEnumerable<GenerationTask> Finished(GenerationTask task)
    {
        await Task.CompletedTask.ConfigureAwait(false);
        yield return task;
    }
}

using System.Runtime.CompilerServices;

namespace NanoBanana.Client;

// Waiting on a task: the adaptive polling loop behind WaitForTaskAsync, WatchTaskAsync and GenerateAsync.
public sealed partial class NanoBananaClient
{
    /// <inheritdoc />
    public async Task<GenerationTask> WaitForTaskAsync(string taskId, TimeSpan? timeout = null, CancellationToken cancellationToken = default)
    {
        GenerationRequestValidator.ValidateTaskId(taskId);
        CheckTimeout(timeout);
        return await WaitCoreAsync(taskId, timeout, CreatedHere(taskId), cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public IAsyncEnumerable<GenerationTask> WatchTaskAsync(string taskId, CancellationToken cancellationToken = default) =>
        WatchTaskAsync(taskId, null, cancellationToken);

    /// <inheritdoc />
    public IAsyncEnumerable<GenerationTask> WatchTaskAsync(string taskId, TimeSpan? timeout, CancellationToken cancellationToken = default)
    {
        GenerationRequestValidator.ValidateTaskId(taskId);
        CheckTimeout(timeout);
        return PollAsync(taskId, timeout ?? _defaultWaitTimeout, CreatedHere(taskId), cancellationToken);
    }

    /// <inheritdoc />
    public async Task<GenerationTask> GenerateAsync(GenerationRequest request, TimeSpan? timeout = null, CancellationToken cancellationToken = default)
    {
        CheckTimeout(timeout);
        var taskId = await CreateTaskAsync(request, cancellationToken).ConfigureAwait(false);
        return await WaitCoreAsync(taskId, timeout, CreatedHere(taskId), cancellationToken).ConfigureAwait(false);
    }

    private async Task<GenerationTask> WaitCoreAsync(string taskId, TimeSpan? timeout, long? createdAt, CancellationToken cancellationToken)
    {
        GenerationTask? last = null;
        await foreach (var task in PollAsync(taskId, timeout ?? _defaultWaitTimeout, createdAt, cancellationToken).ConfigureAwait(false))
        {
            last = task;
        }

        return last switch
        {
            { Status: GenerationTaskStatus.Completed } => last,
            { Status: GenerationTaskStatus.Failed } => throw new NanoBananaTaskFailedException(last),
            _ => throw new InvalidOperationException("The polling loop ended before the task finished."),
        };
    }

    /// <summary>
    /// Polls until the task finishes or the timeout passes, yielding each status change.
    /// <paramref name="createdAt"/> (a <see cref="TimeProvider"/> timestamp) is when this client created the task:
    /// then the first poll waits for the likely completion; otherwise the first poll goes out at once.
    /// </summary>
    private async IAsyncEnumerable<GenerationTask> PollAsync(string taskId, TimeSpan timeout, long? createdAt,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var waitStart = _time.GetTimestamp();
        var origin = createdAt ?? waitStart;
        GenerationTaskStatus? lastStatus = null;
        var pendingPolls = 0;
        var polls = 0;
        var pollRetryAfter = new StrongBox<TimeSpan?>();

        // A poll in flight (with its retries) may overrun the deadline by one attempt's timeout at most.
        using var pollDeadline = new CancellationTokenSource(timeout + _requestTimeout, _time);
        using var pollCancellation = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, pollDeadline.Token);

        if (createdAt is not null)
        {
            var first = _schedule.NextDelay(_time.GetElapsedTime(origin), null, 0, null);
            await DelayAsync(first, taskId, timeout, waitStart, lastStatus, cancellationToken).ConfigureAwait(false);
        }

        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            GenerationTask? task;
            TimeSpan? retryAfter;
            try
            {
                task = await ReadTaskAsync(taskId, pollRetryAfter, pollCancellation.Token).ConfigureAwait(false);
                retryAfter = pollRetryAfter.Value;
            }
            catch (OperationCanceledException) when (pollDeadline.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
            {
                throw new NanoBananaWaitTimeoutException(taskId, timeout, lastStatus);
            }
            catch (NanoBananaException ex) when (ex.IsTransient)
            {
                // Retries are spent but the wait is not: keep polling, after the server's Retry-After if it gave one.
                task = null;
                retryAfter = ex.RetryAfter ?? _schedule.NextDelay(_time.GetElapsedTime(origin), lastStatus, pendingPolls, null);
            }

            polls++;
            _metrics.Polls.Add(1);
            if (task is not null)
            {
                if (polls == 1 && createdAt is null && AgeFromServer(task) is { } age)
                {
                    origin = _time.GetTimestamp() - (long)(age.TotalSeconds * _time.TimestampFrequency);
                }

                if (task.Status != lastStatus)
                {
                    lastStatus = task.Status;
                    yield return task;
                }

                if (task.Status is GenerationTaskStatus.Completed or GenerationTaskStatus.Failed)
                {
                    if (task.Output?.Metadata?.CostTime is { } costTime && task.Status == GenerationTaskStatus.Completed)
                    {
                        var duration = TimeSpan.FromMilliseconds(costTime);
                        _estimator.Observe(duration);
                        _metrics.TaskDuration.Record(duration.TotalSeconds, new KeyValuePair<string, object?>("status", "completed"));
                    }

                    Log.TaskFinished(_logger, taskId, task.Status, polls);
                    yield break;
                }

                pendingPolls = task.Status == GenerationTaskStatus.Pending ? pendingPolls + 1 : 0;
            }

            var delay = _schedule.NextDelay(_time.GetElapsedTime(origin), lastStatus, pendingPolls, retryAfter);
            Log.Polled(_logger, taskId, lastStatus ?? GenerationTaskStatus.Pending, delay);
            await DelayAsync(delay, taskId, timeout, waitStart, lastStatus, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>When this client created the task (a <see cref="TimeProvider"/> timestamp), if it did so recently.</summary>
    private long? CreatedHere(string taskId) => _recentCreates.TryRemove(taskId, out var at) ? at : null;

    /// <summary>Remembers when a task was created here, so a wait on it places its first poll well (bounded memory).</summary>
    private void RememberCreate(string taskId, long timestamp)
    {
        if (_recentCreates.Count >= 1024) _recentCreates.Clear();
        _recentCreates[taskId] = timestamp;
    }

    /// <summary>The task's age from its <c>created_at</c> on the client's clock, when present and plausible (0 to 1 day).</summary>
    private TimeSpan? AgeFromServer(GenerationTask task)
    {
        if (task.CreatedAt is not { } createdAt) return null;
        var age = _time.GetUtcNow() - DateTimeOffset.FromUnixTimeSeconds(createdAt);
        return age >= TimeSpan.Zero && age <= TimeSpan.FromDays(1) ? age : null;
    }

    /// <summary>Waits before the next poll; past the deadline, throws the timeout (after one last poll at the deadline).</summary>
    private async Task DelayAsync(TimeSpan delay, string taskId, TimeSpan timeout, long waitStart, GenerationTaskStatus? lastStatus, CancellationToken cancellationToken)
    {
        var remaining = timeout - _time.GetElapsedTime(waitStart);
        if (remaining <= TimeSpan.Zero) throw new NanoBananaWaitTimeoutException(taskId, timeout, lastStatus);
        await Task.Delay(delay < remaining ? delay : remaining, _time, cancellationToken).ConfigureAwait(false);
    }

    private static void CheckTimeout(TimeSpan? timeout)
    {
        if (timeout is { } t && t <= TimeSpan.Zero) throw new ArgumentOutOfRangeException(nameof(timeout), t, "The timeout must be positive.");
    }
}

using System.Runtime.CompilerServices;

namespace NanoBanana.Client;

// The polling loop behind WaitForCompletionAsync and WatchAsync, and the state it keeps between waits.
public sealed partial class GenerationOperation
{
    /// <summary>
    /// Polls until the task finishes or the timeout passes, yielding each status change. When the operation knows
    /// when the task began (created here, or read from its <c>created_at</c>, or an earlier wait), the first poll
    /// follows the schedule; otherwise it goes out at once.
    /// </summary>
    private async IAsyncEnumerable<GenerationTask> PollAsync(TimeSpan timeout, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var time = _client.Time;
        var waitStart = time.GetTimestamp();
        GenerationTaskStatus? lastYielded = null;
        double? lastProgress = null;
        var polls = 0;
        var pollRetryAfter = new StrongBox<TimeSpan?>();

        // A poll in flight (with its retries) may overrun the deadline by one attempt's timeout at most.
        using var pollDeadline = new CancellationTokenSource(timeout + _client.RequestTimeout, time);
        using var pollCancellation = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, pollDeadline.Token);
        // A confirmed callback for this task (this process's or another's) ends the wait between two polls.
        using var watch = _client.Wakeups.Watch(TaskId);

        var first = NextDelay(firstOfWait: true);
        GenerationTask? pushed = null;
        if (first > TimeSpan.Zero || watch.Signal.IsCompleted)
        {
            pushed = await DelayAsync(first, timeout, waitStart, watch, cancellationToken).ConfigureAwait(false);
        }

        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            GenerationTask? task;
            if (pushed is not null)
            {
                // The task as the API confirmed it to a callback endpoint: no request needed.
                task = pushed;
                pushed = null;
                Observe(task, null);
                if (lastYielded != task.Status) yield return task;
                Log.WokenByCallback(_client.Logger, TaskId, task.Status, polls);
                yield break;
            }

            try
            {
                task = await _client.ReadTaskAsync(TaskId, pollRetryAfter, pollCancellation.Token).ConfigureAwait(false);
                Observe(task, pollRetryAfter.Value);
            }
            catch (OperationCanceledException) when (pollDeadline.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
            {
                throw new NanoBananaWaitTimeoutException(TaskId, timeout, LastKnownTask?.Status);
            }
            catch (NanoBananaException ex) when (ex.IsTransient)
            {
                // Retries are spent but the wait is not: keep polling, after the server's Retry-After if it gave one.
                task = null;
                RememberRetryAfter(ex.RetryAfter);
            }

            polls++;
            _client.Metrics.Polls.Add(1);
            lock (_gate) _origin ??= waitStart;
            if (task is not null)
            {
                // A change of status or of progress is news to a watcher (a progress display moves with it).
                if (task.Status != lastYielded || task.Progress != lastProgress)
                {
                    lastYielded = task.Status;
                    lastProgress = task.Progress;
                    yield return task;
                }

                if (IsFinished(task.Status))
                {
                    Log.TaskFinished(_client.Logger, TaskId, task.Status, polls);
                    yield break;
                }
            }

            var delay = NextDelay(firstOfWait: false);
            Log.Polled(_client.Logger, TaskId, NanoBananaRedactor.EscapeControlCharacters((LastKnownTask?.Status ?? GenerationTaskStatus.Pending).ToString()), delay);
            pushed = await DelayAsync(delay, timeout, waitStart, watch, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Records a successful read: the task, when it began (if not known yet), the pending streak, Retry-After.</summary>
    private void Observe(GenerationTask task, TimeSpan? retryAfter)
    {
        var time = _client.Time;
        bool finishedNow, logUnknown;
        lock (_gate)
        {
            finishedNow = IsFinished(task.Status) && !(_lastKnownTask is { } previous && IsFinished(previous.Status));
            _lastKnownTask = task;
            if (_origin is null && AgeFromServer(task) is { } age)
            {
                _origin = time.GetTimestamp() - (long)(age.TotalSeconds * time.TimestampFrequency);
            }

            _pendingPolls = task.Status == GenerationTaskStatus.Pending ? _pendingPolls + 1 : 0;
            logUnknown = !task.Status.IsKnown && !_unknownStatusLogged;
            _unknownStatusLogged |= logUnknown;
        }

        RememberRetryAfter(retryAfter);
        if (logUnknown)
        {
            Log.UnknownStatus(_client.Logger, TaskId, NanoBananaRedactor.EscapeControlCharacters(task.Status.ToString()));
        }

        if (finishedNow && task.Status == GenerationTaskStatus.Completed && task.Output?.Metadata?.CostTime is { } costTime)
        {
            var duration = TimeSpan.FromMilliseconds(costTime);
            _client.Estimator.Observe(duration);
            _client.Metrics.TaskDuration.Record(duration.TotalSeconds, new KeyValuePair<string, object?>("status", "completed"));
        }
    }

    private void RememberRetryAfter(TimeSpan? retryAfter)
    {
        var time = _client.Time;
        lock (_gate)
        {
            _notBefore = retryAfter is { } after && after > TimeSpan.Zero
                ? time.GetTimestamp() + (long)(after.TotalSeconds * time.TimestampFrequency)
                : null;
        }
    }

    /// <summary>
    /// The delay before the next poll, from the schedule and the server's last Retry-After. The first poll of a wait
    /// goes out at once when the operation does not know when the task began.
    /// </summary>
    private TimeSpan NextDelay(bool firstOfWait)
    {
        var time = _client.Time;
        lock (_gate)
        {
            var now = time.GetTimestamp();
            TimeSpan? retryAfter = _notBefore is { } notBefore && notBefore > now ? time.GetElapsedTime(now, notBefore) : null;
            if (firstOfWait && _origin is null)
            {
                return retryAfter ?? TimeSpan.Zero;
            }

            var age = _origin is { } origin ? time.GetElapsedTime(origin, now) : TimeSpan.Zero;
            var delay = _client.Schedule.NextDelay(age, _lastKnownTask?.Status, _pendingPolls, retryAfter);
            // The callback is expected to end the wait: polls are only the safety net for one that never comes.
            return _callbackExpected && delay < _client.CallbackFallbackInterval ? _client.CallbackFallbackInterval : delay;
        }
    }

    /// <summary>The task's age from its <c>created_at</c> on the client's clock, when present and plausible (0 to 1 day).</summary>
    private TimeSpan? AgeFromServer(GenerationTask task)
    {
        if (task.CreatedAt is not { } createdAt) return null;
        var age = _client.Time.GetUtcNow() - DateTimeOffset.FromUnixTimeSeconds(createdAt);
        return age >= TimeSpan.Zero && age <= TimeSpan.FromDays(1) ? age : null;
    }

    /// <summary>
    /// Waits before the next poll, or until a confirmed callback for the task arrives: returns the confirmed task, or
    /// null to poll (the delay passed, or a notice asked for a read). Past the deadline, throws the timeout (after one
    /// last poll at the deadline).
    /// </summary>
    private async Task<GenerationTask?> DelayAsync(TimeSpan delay, TimeSpan timeout, long waitStart, TaskWakeups.TaskWatch watch, CancellationToken cancellationToken)
    {
        var time = _client.Time;
        if (!watch.Signal.IsCompleted)
        {
            var remaining = timeout - time.GetElapsedTime(waitStart);
            if (remaining <= TimeSpan.Zero) throw new NanoBananaWaitTimeoutException(TaskId, timeout, LastKnownTask?.Status);
            using var delayCancellation = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            var sleep = Task.Delay(delay < remaining ? delay : remaining, time, delayCancellation.Token);
            if (await Task.WhenAny(sleep, watch.Signal).ConfigureAwait(false) == sleep)
            {
                await sleep.ConfigureAwait(false);
                return null;
            }

            await delayCancellation.CancelAsync().ConfigureAwait(false);
            cancellationToken.ThrowIfCancellationRequested();
        }

        var pushed = await watch.Signal.ConfigureAwait(false);
        if (pushed is null) watch.Rearm();
        return pushed;
    }
}

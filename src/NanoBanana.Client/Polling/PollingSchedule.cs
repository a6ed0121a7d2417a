namespace NanoBanana.Client;

/// <summary>
/// Decides when to poll a task next. Pure (no clock, no I/O): the caller passes how long the task has run.
/// </summary>
/// <remarks>
/// The trade-off is requests per task against detection delay (time from completion to the poll that sees it).
/// A fixed 1 s poll detects within 0.5 s on average but sends about one request per second of task time.
/// This schedule polls sparsely while completion is unlikely (every <see cref="NanoBananaPollingOptions.MaxInitialInterval"/>
/// until the <see cref="NanoBananaPollingOptions.FirstPollQuantile"/> of the learned duration), then at gaps
/// proportional to the task's age (<see cref="NanoBananaPollingOptions.RelativeInterval"/>); past the 99th
/// percentile (a slow or stuck task) and while the task is still <c>pending</c> (queued, not started) the gaps
/// grow. No gap exceeds <see cref="NanoBananaPollingOptions.MaxInterval"/> (or <c>MaxInitialInterval</c> before
/// the first likely moment), which bounds the detection delay; only a server's Retry-After, always honoured, waits
/// longer. bench/README.md has the measured trade-off.
/// </remarks>
internal sealed class PollingSchedule(NanoBananaPollingOptions options, TaskDurationEstimator estimator)
{
    /// <summary>The delay before the next poll.</summary>
    /// <param name="age">How long the task has run (since its create, or since the wait began).</param>
    /// <param name="status">The last status seen, or null before the first poll.</param>
    /// <param name="pendingPolls">How many polls in a row have seen <c>pending</c>.</param>
    /// <param name="retryAfter">The server's Retry-After on the last poll, if any.</param>
    public TimeSpan NextDelay(TimeSpan age, GenerationTaskStatus? status, int pendingPolls, TimeSpan? retryAfter)
    {
        TimeSpan delay;
        var first = estimator.Quantile(options.FirstPollQuantile);
        if (age < first)
        {
            // Completion is unlikely yet, whatever the task said: wait for the first likely moment.
            delay = first - age;
            if (status is not null && delay < options.MinInterval) delay = options.MinInterval;

            // A task that finishes unusually fast is still seen within MaxInitialInterval.
            if (delay > options.MaxInitialInterval) delay = options.MaxInitialInterval;
        }
        else
        {
            var factor = age > estimator.Quantile(0.99) ? options.RelativeInterval * 3 : options.RelativeInterval;
            delay = age * factor;
            if (status == GenerationTaskStatus.Pending && pendingPolls > 0)
            {
                // Queued, not started: back off exponentially from the minimum interval.
                var backoff = options.MinInterval * Math.Pow(2, Math.Min(pendingPolls, 16));
                if (backoff > delay) delay = backoff;
            }

            delay = Clamp(delay, options.MinInterval, options.MaxInterval);
        }

        if (retryAfter is { } after && after > delay) delay = after;
        return delay;
    }

    private static TimeSpan Clamp(TimeSpan value, TimeSpan min, TimeSpan max) => value < min ? min : value > max ? max : value;
}

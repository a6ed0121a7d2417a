namespace NanoBanana.Client;

/// <summary>
/// How a wait polls a task. The defaults place polls where completion is likely, from what the client has
/// learned about tasks' <c>costTime</c> (see <c>PollingSchedule</c> in the docs): few requests, prompt detection.
/// </summary>
public sealed class NanoBananaPollingOptions
{
    /// <summary>The typical task duration assumed before any task has completed. Default 12 seconds (the docs' example).</summary>
    public TimeSpan ExpectedDuration { get; set; } = TimeSpan.FromSeconds(12);

    /// <summary>The spread of task durations assumed before any has completed (sigma of a log-normal). Default 0.5.</summary>
    public double ExpectedSpread { get; set; } = 0.5;

    /// <summary>
    /// The quantile of the expected duration at which the first poll after a create goes out. Default 0.2.
    /// Higher: fewer requests, slower detection of fast tasks.
    /// </summary>
    public double FirstPollQuantile { get; set; } = 0.2;

    /// <summary>
    /// The gap between polls as a fraction of the time the task has run so far. Default 0.10 (a 1.2 s gap at 12 s).
    /// Lower: faster detection, more requests (0.08 with <see cref="FirstPollQuantile"/> 0.1 detects as fast as
    /// polling every second, with 70% of its requests).
    /// </summary>
    public double RelativeInterval { get; set; } = 0.10;

    /// <summary>The shortest gap between two polls. Default 500 ms.</summary>
    public TimeSpan MinInterval { get; set; } = TimeSpan.FromMilliseconds(500);

    /// <summary>The longest gap between two polls. Default 15 seconds.</summary>
    public TimeSpan MaxInterval { get; set; } = TimeSpan.FromSeconds(15);

    internal void Validate(List<string> errors)
    {
        NanoBananaClientOptions.Positive(errors, "Polling:" + nameof(ExpectedDuration), ExpectedDuration);
        NanoBananaClientOptions.Positive(errors, "Polling:" + nameof(MinInterval), MinInterval);
        if (MaxInterval < MinInterval) errors.Add($"NanoBanana:Polling:{nameof(MaxInterval)} must be at least {nameof(MinInterval)}.");
        if (ExpectedSpread is <= 0 or > 3) errors.Add($"NanoBanana:Polling:{nameof(ExpectedSpread)} must be in (0, 3]; got {ExpectedSpread}.");
        if (FirstPollQuantile is <= 0 or >= 1) errors.Add($"NanoBanana:Polling:{nameof(FirstPollQuantile)} must be in (0, 1); got {FirstPollQuantile}.");
        if (RelativeInterval is <= 0 or > 2) errors.Add($"NanoBanana:Polling:{nameof(RelativeInterval)} must be in (0, 2]; got {RelativeInterval}.");
    }
}

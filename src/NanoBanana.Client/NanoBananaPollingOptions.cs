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
    /// The gap between polls as a fraction of the time the task has run so far, once completion is likely.
    /// Default 0.15 (a 1.2 s gap at 8 s; <see cref="MaxInterval"/> takes over from about 13 s).
    /// Lower: faster detection, more requests.
    /// </summary>
    public double RelativeInterval { get; set; } = 0.15;

    /// <summary>The shortest gap between two polls. Default 500 ms.</summary>
    public TimeSpan MinInterval { get; set; } = TimeSpan.FromMilliseconds(500);

    /// <summary>
    /// The longest gap between two polls once completion is likely (and the cap of the back-off while a task is
    /// <c>pending</c>): a completion is seen at most this late. Default 2 seconds. A server's Retry-After still wins.
    /// </summary>
    public TimeSpan MaxInterval { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>
    /// The longest gap between polls before completion is likely, the first poll after a create included: a task
    /// that finishes unusually fast is seen at most this late. Default 2.8 seconds.
    /// </summary>
    public TimeSpan MaxInitialInterval { get; set; } = TimeSpan.FromSeconds(2.8);

    /// <summary>
    /// The shortest gap between polls of a task whose callback is expected (the client has a
    /// <see cref="NanoBananaClientOptions.CallbackUrl"/> and the create carried it): the callback completes the wait,
    /// and polling is only the safety net for a callback that never comes, so a lost callback is seen at most this
    /// late. Default 60 seconds (with tasks like the docs' 12 s example, a poll is then almost never needed).
    /// </summary>
    public TimeSpan CallbackFallbackInterval { get; set; } = TimeSpan.FromSeconds(60);

    internal void Validate(List<string> errors)
    {
        NanoBananaClientOptions.Positive(errors, "Polling:" + nameof(ExpectedDuration), ExpectedDuration);
        NanoBananaClientOptions.Positive(errors, "Polling:" + nameof(MinInterval), MinInterval);
        NanoBananaClientOptions.Positive(errors, "Polling:" + nameof(CallbackFallbackInterval), CallbackFallbackInterval);
        if (MaxInterval < MinInterval) errors.Add($"NanoBanana:Polling:{nameof(MaxInterval)} must be at least {nameof(MinInterval)}.");
        if (MaxInitialInterval < MinInterval) errors.Add($"NanoBanana:Polling:{nameof(MaxInitialInterval)} must be at least {nameof(MinInterval)}.");
        if (ExpectedSpread is <= 0 or > 3) errors.Add($"NanoBanana:Polling:{nameof(ExpectedSpread)} must be in (0, 3]; got {ExpectedSpread}.");
        if (FirstPollQuantile is <= 0 or >= 1) errors.Add($"NanoBanana:Polling:{nameof(FirstPollQuantile)} must be in (0, 1); got {FirstPollQuantile}.");
        if (RelativeInterval is <= 0 or > 2) errors.Add($"NanoBanana:Polling:{nameof(RelativeInterval)} must be in (0, 2]; got {RelativeInterval}.");
    }
}

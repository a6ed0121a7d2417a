namespace NanoBanana.Batch;

/// <summary>How a <see cref="BatchRunner"/> runs.</summary>
public sealed class BatchRunnerOptions
{
    /// <summary>The default <see cref="Concurrency"/>.</summary>
    public const int DefaultConcurrency = 1000;

    /// <summary>
    /// How many tasks may be at the API at once (created and not yet finished and saved). Default 1000: a cap, not a
    /// target; the creates set the pace (with 100 ms creates, one at a time, and 12 s tasks, about 140 wait at once).
    /// Waiting costs no thread: each task is polled on the client's schedule.
    /// </summary>
    public int Concurrency { get; set; } = DefaultConcurrency;

    /// <summary>
    /// How many creates may be in flight at once (default 1). A create is the only step whose outcome a crash can
    /// leave unknown (between its durable "creating" mark and its task id), so this bounds how many items a crash
    /// can leave <see cref="BatchItemState.Unknown"/>. Raise it when the API's create latency, not the tasks, limits
    /// the batch.
    /// </summary>
    public int CreatesInFlight { get; set; } = 1;

    /// <summary>How long to wait for each task; null for the client's default wait timeout.</summary>
    public TimeSpan? WaitTimeout { get; set; }

    /// <summary>Where outputs are saved (created if missing; bound to the batch by <see cref="BatchOutputFolder"/>), named by <see cref="BatchOutputNames"/>.</summary>
    public string OutputFolder { get; set; } = ".";

    /// <summary>Take over an output folder that another batch holds (its files are still never replaced).</summary>
    public bool TakeOverOutputFolder { get; set; }

    /// <summary>
    /// Re-create the items whose create outcome is unknown. Off by default: such a task may already exist and be
    /// billed, and re-creating it bills again. Only the user can decide that.
    /// </summary>
    public bool RetryUnknown { get; set; }

    /// <summary>
    /// Try failed items again, on purpose: items whose outputs could not be saved are waited for and downloaded again
    /// (no create); items whose create was refused, and items whose task itself failed, are created again (a failed
    /// task's new create is billed; the API refunds failed tasks only for upstream failures).
    /// </summary>
    public bool RetryFailed { get; set; }

    /// <summary>The circuit breaker: after this many creates in a row with an unknown outcome, stop creating (default 3).</summary>
    public int MaxConsecutiveUnknownCreates { get; set; } = 3;

    /// <summary>
    /// How long creates may keep meeting 429 <c>rate_limit_exceeded</c> (after the client's own retries) without one
    /// success before the run stops creating (default 10 minutes). Until then each 429 slows the creates down.
    /// </summary>
    public TimeSpan RateLimitPatience { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>
    /// How long after its create a task that the API says does not exist (<c>task_not_found</c>) is asked for again
    /// (default 60 s: a task may not be readable at once). Later the item stays created, and a resume asks again.
    /// </summary>
    public TimeSpan NotFoundGrace { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>How often the runner renews its ownership in the ledger (its heartbeat; default 10 s).</summary>
    public TimeSpan OwnerHeartbeat { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// The recovery journal: where a task id goes when the ledger cannot record it (and where the next run finds it).
    /// Default: <c>.nanobanana-batch.recovery</c> in <see cref="OutputFolder"/>.
    /// </summary>
    public string? RecoveryJournalPath { get; set; }

    /// <summary>The clock for pacing, grace periods and heartbeats (default: the system clock).</summary>
    public TimeProvider TimeProvider { get; set; } = TimeProvider.System;
}

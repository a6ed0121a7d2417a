namespace NanoBanana.Batch;

/// <summary>How a <see cref="BatchRunner"/> runs.</summary>
public sealed class BatchRunnerOptions
{
    /// <summary>The default <see cref="Concurrency"/>.</summary>
    public const int DefaultConcurrency = 4;

    /// <summary>How many items are worked on at once (created and not yet finished). Default 4.</summary>
    public int Concurrency { get; set; } = DefaultConcurrency;

    /// <summary>
    /// How many creates may be in flight at once (default 1). A create is the only step whose outcome a crash can
    /// leave unknown (between its durable "creating" mark and its task id), so this bounds how many items a crash
    /// can leave <see cref="BatchItemState.Unknown"/>. A create is one short request: one at a time still feeds
    /// a high <see cref="Concurrency"/>.
    /// </summary>
    public int CreatesInFlight { get; set; } = 1;

    /// <summary>How long to wait for each task; null for the client's default wait timeout.</summary>
    public TimeSpan? WaitTimeout { get; set; }

    /// <summary>Where outputs are saved (created if missing), as <c>KEY.ext</c> or <c>KEY-N.ext</c>.</summary>
    public string OutputFolder { get; set; } = ".";

    /// <summary>
    /// Re-create the items whose create outcome is unknown. Off by default: such a task may already exist and be
    /// billed, and re-creating it bills again. Only the user can decide that.
    /// </summary>
    public bool RetryUnknown { get; set; }
}

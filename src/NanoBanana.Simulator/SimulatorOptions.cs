namespace NanoBanana.Simulator;

/// <summary>How a <see cref="NanoBananaSimulator"/> listens and behaves. Every property has a usable default.</summary>
public sealed class SimulatorOptions
{
    /// <summary>The default <see cref="TaskDuration"/>: short, so that a demo finishes in seconds.</summary>
    public static readonly TimeSpan DefaultTaskDuration = TimeSpan.FromSeconds(2);

    /// <summary>The default <see cref="FailurePromptMarker"/>.</summary>
    public const string DefaultFailurePromptMarker = "[fail]";

    /// <summary>The host name the API listens on (<c>localhost</c> by default; <c>0.0.0.0</c> or <c>*</c> for every interface).</summary>
    public string Host { get; set; } = "localhost";

    /// <summary>The API's port; null or 0 picks a free one.</summary>
    public int? Port { get; set; }

    /// <summary>The port of the output-file host; null or 0 picks a free one. Always another port than the API's.</summary>
    public int? FilesPort { get; set; }

    /// <summary>How long a task takes from creation to <c>completed</c> (or <c>failed</c>). <see cref="TimeSpan.Zero"/> completes tasks at once.</summary>
    public TimeSpan TaskDuration { get; set; } = DefaultTaskDuration;

    /// <summary>
    /// Draws each task's duration (called once per create, under no lock: make it thread-safe), for tasks that do not
    /// all take the same time, such as a lognormal spread; null (the default) gives every task <see cref="TaskDuration"/>.
    /// </summary>
    public Func<TimeSpan>? TaskDurations { get; set; }

    /// <summary>
    /// How long every create takes to answer (waited on <see cref="TimeProvider"/> before the create is handled), like a
    /// real API's create latency. Default zero.
    /// </summary>
    public TimeSpan CreateLatency { get; set; }

    /// <summary>When a task moves from <c>pending</c> to <c>processing</c>; null means a quarter of <see cref="TaskDuration"/>.</summary>
    public TimeSpan? ProcessingAfter { get; set; }

    /// <summary>The clock that drives task progress, timestamps, rate limits and callbacks (a <c>FakeTimeProvider</c> in tests).</summary>
    public TimeProvider TimeProvider { get; set; } = TimeProvider.System;

    /// <summary>The credit balance at start. Each image costs <see cref="NanoBananaSimulator.CreditsPerImage"/>.</summary>
    public int InitialCredits { get; set; } = 1000;

    /// <summary>A prompt containing this text makes its task fail with <c>upstream_error</c> (its credits are refunded).</summary>
    public string FailurePromptMarker { get; set; } = DefaultFailurePromptMarker;

    /// <summary>API requests allowed per second before 429 <c>rate_limit_exceeded</c>; null (the default) means no limit.</summary>
    public int? RateLimit { get; set; }

    /// <summary>The <c>Retry-After</c> sent with a rate-limit answer.</summary>
    public TimeSpan RetryAfter { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>How long after a task finishes its callback is sent (on <see cref="TimeProvider"/>). Default: at once.</summary>
    public TimeSpan CallbackDelay { get; set; }

    /// <summary>
    /// The share of callbacks never sent, from 0 (the default: every callback is sent) to 1 (none is), as a real
    /// sender's lost deliveries: a lost one is recorded in <see cref="NanoBananaSimulator.Callbacks"/> with an error and no status.
    /// </summary>
    public double CallbackLossRate { get; set; }

    /// <summary>The seed of the random choice of lost callbacks (null: a new seed each run).</summary>
    public int? CallbackLossSeed { get; set; }

    /// <summary>
    /// An OpenAPI document (YAML or JSON) to follow instead of the contract this assembly embeds: creates are validated
    /// against it and every answer body is built from its schemas (required properties always, optional ones the spec
    /// gives an <c>example</c>, <c>examples</c> or <c>default</c>), so a field added to or removed from the spec shows in
    /// the answers. Null (the default) follows the embedded contract. A file that cannot be read fails
    /// <see cref="NanoBananaSimulator.Start"/> with an <see cref="InvalidOperationException"/>.
    /// </summary>
    public string? ContractFile { get; set; }

    /// <summary>Keep every request in <see cref="NanoBananaSimulator.Requests"/> (on by default; turn off for long load runs).</summary>
    public bool RecordRequests { get; set; } = true;
}

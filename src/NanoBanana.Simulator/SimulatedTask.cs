namespace NanoBanana.Simulator;

/// <summary>A task the simulator holds. Its status is computed from the clock; only finishing is recorded.</summary>
internal sealed class SimulatedTask(string id, string model, DateTimeOffset createdAt, string? aspectRatio, Uri? callbackUrl, bool fails, TimeSpan duration, TimeSpan processingAfter)
{
    private int _finished;

    public string Id { get; } = id;

    public string Model { get; } = model;

    public DateTimeOffset CreatedAt { get; } = createdAt;

    public (int Width, int Height) Size { get; } = OutputSize.For(aspectRatio);

    public Uri? CallbackUrl { get; } = callbackUrl;

    public bool Fails { get; } = fails;

    /// <summary>How long the task takes from creation to <c>completed</c> or <c>failed</c>.</summary>
    public TimeSpan Duration { get; } = duration;

    /// <summary>When it moves from <c>pending</c> to <c>processing</c>.</summary>
    public TimeSpan ProcessingAfter { get; } = processingAfter;

    public ITimer? Timer { get; set; }

    /// <summary>True for the one caller that first sees the task finished (refund and callback happen once).</summary>
    public bool TryMarkFinished() => Interlocked.Exchange(ref _finished, 1) == 0;
}

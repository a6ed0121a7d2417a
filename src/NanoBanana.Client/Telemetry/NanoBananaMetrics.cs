using System.Diagnostics.Metrics;

namespace NanoBanana.Client;

/// <summary>
/// A client's instruments, on a <see cref="Meter"/> named <see cref="NanoBananaTelemetry.Name"/>: made by the
/// host's <see cref="IMeterFactory"/> when DI provides one (so the host owns, scopes and disposes it), otherwise the
/// process-wide meter (<see cref="Shared"/>) for a client made with <c>new</c>.
/// </summary>
internal sealed class NanoBananaMetrics
{
    private NanoBananaMetrics(Meter meter)
    {
        Requests = meter.CreateCounter<long>("nanobanana.client.requests", "{request}", "HTTP attempts sent to the API.");
        Retries = meter.CreateCounter<long>("nanobanana.client.retries", "{retry}", "Retries after a transient failure.");
        Polls = meter.CreateCounter<long>("nanobanana.client.polls", "{poll}", "Polls of a task while waiting.");
        TaskDuration = meter.CreateHistogram<double>("nanobanana.client.task.duration", "s", "Task durations (costTime).");
    }

    /// <summary>The instruments on the process-wide meter (no DI).</summary>
    public static NanoBananaMetrics Shared { get; } = new(NanoBananaTelemetry.Meter);

    /// <summary>HTTP attempts sent to the API, tagged by operation.</summary>
    public Counter<long> Requests { get; }

    /// <summary>Retries after a transient failure, tagged by operation.</summary>
    public Counter<long> Retries { get; }

    /// <summary>Polls of a task while waiting for it.</summary>
    public Counter<long> Polls { get; }

    /// <summary>How long tasks took, from the API's costTime, tagged by final status.</summary>
    public Histogram<double> TaskDuration { get; }

    /// <summary>The instruments on <paramref name="factory"/>'s meter, or <see cref="Shared"/> without one.</summary>
    public static NanoBananaMetrics From(IMeterFactory? factory) =>
        factory is null ? Shared : new(factory.Create(new MeterOptions(NanoBananaTelemetry.Name) { Version = NanoBananaTelemetry.Version }));
}

using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace NanoBanana.Client;

/// <summary>
/// The client's <see cref="ActivitySource"/> and <see cref="Meter"/>, both named <see cref="Name"/>
/// (<c>NanoBanana.Client</c>): listen to that name with OpenTelemetry or <c>dotnet-counters</c>.
/// </summary>
public static class NanoBananaTelemetry
{
    /// <summary>The name of the activity source and of the meter: <c>NanoBanana.Client</c>.</summary>
    public const string Name = "NanoBanana.Client";

    private static readonly string? Version = typeof(NanoBananaTelemetry).Assembly.GetName().Version?.ToString();

    internal static readonly ActivitySource ActivitySource = new(Name, Version);
    internal static readonly Meter Meter = new(Name, Version);

    /// <summary>HTTP attempts sent to the API, tagged by operation.</summary>
    internal static readonly Counter<long> Requests = Meter.CreateCounter<long>("nanobanana.client.requests", "{request}", "HTTP attempts sent to the API.");

    /// <summary>Retries after a transient failure, tagged by operation.</summary>
    internal static readonly Counter<long> Retries = Meter.CreateCounter<long>("nanobanana.client.retries", "{retry}", "Retries after a transient failure.");

    /// <summary>Polls of a task while waiting for it.</summary>
    internal static readonly Counter<long> Polls = Meter.CreateCounter<long>("nanobanana.client.polls", "{poll}", "Polls of a task while waiting.");

    /// <summary>How long tasks took, from the API's costTime, tagged by final status.</summary>
    internal static readonly Histogram<double> TaskDuration = Meter.CreateHistogram<double>("nanobanana.client.task.duration", "s", "Task durations (costTime).");

    internal static readonly KeyValuePair<string, object?> CreateTag = new("operation", "create_task");
    internal static readonly KeyValuePair<string, object?> GetTaskTag = new("operation", "get_task");
    internal static readonly KeyValuePair<string, object?> CreditsTag = new("operation", "get_credits");
    internal static readonly KeyValuePair<string, object?> DownloadTag = new("operation", "download");
}

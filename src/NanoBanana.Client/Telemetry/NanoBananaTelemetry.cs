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

    internal static readonly string? Version = typeof(NanoBananaTelemetry).Assembly.GetName().Version?.ToString();

    /// <summary>The package's version (SemVer, without the commit): <c>1.0.0</c>.</summary>
    internal static readonly string PackageVersion =
        (System.Reflection.CustomAttributeExtensions.GetCustomAttribute<System.Reflection.AssemblyInformationalVersionAttribute>(typeof(NanoBananaTelemetry).Assembly)
            ?.InformationalVersion ?? Version ?? "0.0.0").Split('+')[0];

    /// <summary>The User-Agent of every request: <c>NanoBanana.Client/1.0.0</c>.</summary>
    internal static readonly string UserAgent = Name + "/" + PackageVersion;

    internal static readonly ActivitySource ActivitySource = new(Name, Version);
    // The process-wide meter of clients made without DI; with DI the host's IMeterFactory makes each client's (NanoBananaMetrics).
    internal static readonly Meter Meter = new(Name, Version);

    internal static readonly KeyValuePair<string, object?> CreateTag = new("operation", "create_task");
    internal static readonly KeyValuePair<string, object?> GetTaskTag = new("operation", "get_task");
    internal static readonly KeyValuePair<string, object?> CreditsTag = new("operation", "get_credits");
    internal static readonly KeyValuePair<string, object?> DownloadTag = new("operation", "download");
}

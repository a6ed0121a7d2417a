using System.Text;

namespace NanoBanana.Client;

/// <summary>
/// Settings of a <see cref="NanoBananaClient"/>. Bound from the <c>NanoBanana</c> configuration section by
/// <c>services.AddNanoBananaClient(configuration)</c>.
/// </summary>
public sealed class NanoBananaClientOptions
{
    /// <summary>The configuration section the options are bound from: <c>NanoBanana</c>.</summary>
    public const string SectionName = "NanoBanana";

    /// <summary>The API's base URL: <c>https://api.aivideoapi.ai</c>.</summary>
    public static Uri DefaultBaseUrl { get; } = new("https://api.aivideoapi.ai/");

    /// <summary>The API key (<c>sk-...</c>), sent as a bearer token to the API's host only. Required.</summary>
    public string? ApiKey { get; set; }

    /// <summary>The API's base URL. Must be HTTPS unless it is a loopback address (a local simulator).</summary>
    public Uri BaseUrl { get; set; } = DefaultBaseUrl;

    /// <summary>
    /// The public URL of this service's callback endpoint (<c>MapNanoBananaCallback</c>), such as
    /// <c>https://example.com/hooks/nano-banana?secret=...</c>; null (the default) for none. When set, every create
    /// carries it as <c>callback_url</c> unless the request sets its own, and waits rely on the callback: a confirmed
    /// callback completes every wait on its task at once, and polling slows to a safety net
    /// (<see cref="NanoBananaPollingOptions.CallbackFallbackInterval"/>) in case a callback never comes. Must be
    /// https (http only on a loopback host).
    /// </summary>
    public Uri? CallbackUrl { get; set; }

    /// <summary>How long one HTTP attempt to the API may take (each retry gets its own). Default 30 seconds.</summary>
    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How long one attempt to download an output image may take. Default 2 minutes.</summary>
    public TimeSpan DownloadTimeout { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>
    /// How long one download (<see cref="INanoBananaClient.DownloadAsync"/>, <see cref="INanoBananaClient.DownloadToFileAsync"/>)
    /// may take in all, its retries and their waits included; past it the download fails as a timeout. Default 5 minutes.
    /// </summary>
    public TimeSpan DownloadDeadline { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>
    /// How long one read (get task, credits, a poll) may take in all, its retries and their waits included; past it the
    /// read fails as a timeout (a wait goes on polling). Default 5 minutes.
    /// </summary>
    public TimeSpan ReadDeadline { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>
    /// Whether downloads may go to private network addresses (10/8, 172.16/12, 192.168/16, 100.64/10, fc00::/7), for an
    /// output host inside your network. Default false. Link-local and cloud metadata addresses are refused always.
    /// </summary>
    public bool AllowPrivateNetworkDownloads { get; set; }

    /// <summary>How long <see cref="GenerationOperation.WaitForCompletionAsync"/> waits when no timeout is given. Default 10 minutes.</summary>
    public TimeSpan DefaultWaitTimeout { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>The largest API response body read, in bytes; a larger one fails the request. Default 1 MiB.</summary>
    public long MaxResponseBytes { get; set; } = 1024 * 1024;

    /// <summary>The largest output image downloaded, in bytes. Default 100 MiB.</summary>
    public long MaxDownloadBytes { get; set; } = 100L * 1024 * 1024;

    /// <summary>Retry settings for transient failures.</summary>
    public NanoBananaRetryOptions Retry { get; set; } = new();

    /// <summary>Polling settings for waiting on a task.</summary>
    public NanoBananaPollingOptions Polling { get; set; } = new();

    /// <summary>Checks the options and returns every problem found (empty when they are valid).</summary>
    /// <returns>One message per problem, each naming the setting.</returns>
    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        if (string.IsNullOrWhiteSpace(ApiKey))
        {
            errors.Add($"{SectionName}:{nameof(ApiKey)} is required: set the API key (sk-...) from the dashboard.");
        }
        else if (ApiKey.Any(char.IsControl) || ApiKey.Contains(' ', StringComparison.Ordinal))
        {
            errors.Add($"{SectionName}:{nameof(ApiKey)} must not contain spaces or control characters.");
        }

        if (BaseUrl is null || !BaseUrl.IsAbsoluteUri)
        {
            errors.Add($"{SectionName}:{nameof(BaseUrl)} must be an absolute URL.");
        }
        else if (!HttpsOrLoopback.Allows(BaseUrl))
        {
            errors.Add($"{SectionName}:{nameof(BaseUrl)} must use https (http is allowed for loopback addresses only); got scheme '{BaseUrl.Scheme}'.");
        }

        if (CallbackUrl is not null && (!CallbackUrl.IsAbsoluteUri || !HttpsOrLoopback.Allows(CallbackUrl)))
        {
            errors.Add($"{SectionName}:{nameof(CallbackUrl)} must be an absolute https URL (http only on a loopback host).");
        }

        Positive(errors, nameof(RequestTimeout), RequestTimeout);
        Positive(errors, nameof(DownloadTimeout), DownloadTimeout);
        Positive(errors, nameof(DownloadDeadline), DownloadDeadline);
        Positive(errors, nameof(ReadDeadline), ReadDeadline);
        Positive(errors, nameof(DefaultWaitTimeout), DefaultWaitTimeout);
        if (MaxResponseBytes < 1024) errors.Add($"{SectionName}:{nameof(MaxResponseBytes)} must be at least 1024.");
        if (MaxDownloadBytes < 1) errors.Add($"{SectionName}:{nameof(MaxDownloadBytes)} must be positive.");
        if (Retry is null) errors.Add($"{SectionName}:{nameof(Retry)} is required.");
        else Retry.Validate(errors);
        if (Polling is null) errors.Add($"{SectionName}:{nameof(Polling)} is required.");
        else Polling.Validate(errors);
        return errors;
    }

    /// <summary>Throws an <see cref="ArgumentException"/> listing every problem, if any.</summary>
    /// <exception cref="ArgumentException">The options are not valid.</exception>
    public void ThrowIfInvalid()
    {
        var errors = Validate();
        if (errors.Count > 0)
        {
            throw new ArgumentException("Invalid NanoBananaClientOptions: " + string.Join(" ", errors), nameof(NanoBananaClientOptions));
        }
    }

    /// <summary>A description of the settings; the API key is never shown.</summary>
    /// <returns>The settings, with the key redacted.</returns>
    public override string ToString()
    {
        var text = new StringBuilder();
        text.Append("NanoBananaClientOptions { ApiKey = ").Append(string.IsNullOrEmpty(ApiKey) ? "(none)" : "***")
            .Append(", BaseUrl = ").Append(BaseUrl)
            .Append(", RequestTimeout = ").Append(RequestTimeout)
            .Append(", MaxRetries = ").Append(Retry?.MaxRetries)
            .Append(" }");
        return text.ToString();
    }

    internal static void Positive(List<string> errors, string name, TimeSpan value)
    {
        if (value <= TimeSpan.Zero) errors.Add($"{SectionName}:{name} must be positive; got {value}.");
    }
}

namespace NanoBanana.Client;

/// <summary>
/// Retry settings for transient failures (network errors, timeouts, 429 <c>rate_limit_exceeded</c>, 500, 503).
/// Reads retry them all; a create retries only a definite rejection (see <see cref="INanoBananaClient.StartGenerationAsync(GenerationRequest, CancellationToken)"/>).
/// </summary>
public sealed class NanoBananaRetryOptions
{
    /// <summary>How many times a failed request is retried (0 turns retries off; 429 <c>rate_limit_exceeded</c>: see <see cref="MaxRateLimitRetries"/>). Default 3.</summary>
    public int MaxRetries { get; set; } = 3;

    /// <summary>
    /// How many times a request answered 429 <c>rate_limit_exceeded</c> is retried (a definite rejection: nothing was
    /// created or billed, so a create retries it too). The larger of this and <see cref="MaxRetries"/> applies;
    /// <see cref="MaxRetries"/> = 0 still turns every retry off. Each such retry waits the server's <c>Retry-After</c>
    /// plus a random share of it, so clients limited together do not return together. Default 10.
    /// </summary>
    public int MaxRateLimitRetries { get; set; } = 10;

    /// <summary>
    /// The first backoff delay; later ones grow exponentially, with jitter. A server's <c>Retry-After</c> shorter than
    /// this (such as 0) gets this back-off instead, so a retry never comes back at once. Default 500 ms.
    /// </summary>
    public TimeSpan BaseDelay { get; set; } = TimeSpan.FromMilliseconds(500);

    /// <summary>The longest backoff delay. Default 30 seconds.</summary>
    public TimeSpan MaxDelay { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// The longest <c>Retry-After</c> the client waits out by itself; a longer one is not retried and the
    /// error (with its <see cref="NanoBananaException.RetryAfter"/>) goes to the caller. Default 60 seconds.
    /// </summary>
    public TimeSpan MaxRetryAfter { get; set; } = TimeSpan.FromSeconds(60);

    internal void Validate(List<string> errors)
    {
        if (MaxRetries is < 0 or > 20) errors.Add($"NanoBanana:Retry:{nameof(MaxRetries)} must be between 0 and 20; got {MaxRetries}.");
        if (MaxRateLimitRetries is < 0 or > 50) errors.Add($"NanoBanana:Retry:{nameof(MaxRateLimitRetries)} must be between 0 and 50; got {MaxRateLimitRetries}.");
        NanoBananaClientOptions.Positive(errors, "Retry:" + nameof(BaseDelay), BaseDelay);
        if (MaxDelay < BaseDelay) errors.Add($"NanoBanana:Retry:{nameof(MaxDelay)} must be at least {nameof(BaseDelay)}.");
        if (MaxRetryAfter < TimeSpan.Zero) errors.Add($"NanoBanana:Retry:{nameof(MaxRetryAfter)} must not be negative.");
    }
}

using Microsoft.Extensions.Logging;
using Polly;
using Polly.Retry;
using Polly.Timeout;

namespace NanoBanana.Client;

/// <summary>
/// The client's Polly pipelines, built once per client: reads, creates and downloads. Each is a retry (exponential
/// backoff with jitter, honouring Retry-After) around a per-attempt timeout, on the client's <see cref="TimeProvider"/>.
/// </summary>
/// <remarks>
/// Microsoft.Extensions.Http.Resilience's standard handler is not used: it classifies by HTTP status alone, so it
/// cannot tell 429 <c>rate_limit_exceeded</c> (transient) from 429 <c>spend_limit_exceeded</c> (never retry),
/// which needs the body's error code; and it would retry a POST after a timeout or a 500, which for a create
/// (no idempotency key) may bill a second task. So the pipelines run around the mapped exceptions instead.
/// </remarks>
internal sealed class ResiliencePipelines
{
    public ResiliencePipelines(NanoBananaClientOptions options, TimeProvider timeProvider, ILogger logger)
    {
        var retry = options.Retry;
        Read = Build(options.RequestTimeout, "read", IsTransientRead);
        Download = Build(options.DownloadTimeout, "download", IsTransientRead);
        // CUSTOM rule (not expressible as a status-code policy): a create is retried only when the server certainly
        // did not take it: 429 rate_limit_exceeded (the body's code, not the status), or a connection that could not
        // be made. After a timeout, a dropped connection or a 500 the outcome is unknown and it is not retried.
        Create = Build(options.RequestTimeout, "create_task", static e => e is NanoBananaRateLimitException or NanoBananaNetworkException { RequestNotSent: true });

        bool IsTransientRead(Exception e) => e is TimeoutRejectedException || e is NanoBananaException { IsTransient: true };

        ResiliencePipeline Build(TimeSpan attemptTimeout, string operation, Func<Exception, bool> shouldRetry)
        {
            var builder = new ResiliencePipelineBuilder { TimeProvider = timeProvider };
            if (retry.MaxRetries > 0)
            {
                var maxRetryAfter = retry.MaxRetryAfter;
                builder.AddRetry(new RetryStrategyOptions
                {
                    MaxRetryAttempts = retry.MaxRetries,
                    BackoffType = DelayBackoffType.Exponential,
                    UseJitter = true,
                    Delay = retry.BaseDelay,
                    MaxDelay = retry.MaxDelay,
                    // A Retry-After longer than MaxRetryAfter goes back to the caller instead of blocking.
                    ShouldHandle = args => ValueTask.FromResult(args.Outcome.Exception is { } e && shouldRetry(e)
                        && !(e is NanoBananaException { RetryAfter: { } after } && after > maxRetryAfter)),
                    DelayGenerator = static args => ValueTask.FromResult(
                        args.Outcome.Exception is NanoBananaException { RetryAfter: { } after } ? after : (TimeSpan?)null),
                    OnRetry = args =>
                    {
                        NanoBananaTelemetry.Retries.Add(1, new KeyValuePair<string, object?>("operation", operation));
                        Log.Retrying(logger, operation, args.AttemptNumber + 1, Reason(args.Outcome.Exception), args.RetryDelay);
                        return default;
                    },
                });
            }

            return builder.AddTimeout(attemptTimeout).Build();
        }
    }

    /// <summary>Reads: get task, credits. Retries every transient failure.</summary>
    public ResiliencePipeline Read { get; }

    /// <summary>Creates: retries definite rejections only.</summary>
    public ResiliencePipeline Create { get; }

    /// <summary>Downloads of output images: like reads, with the download timeout.</summary>
    public ResiliencePipeline Download { get; }

    private static string Reason(Exception? e) => e switch
    {
        NanoBananaException { StatusCode: { } status } n => $"HTTP {status} {n.ErrorCode}",
        NanoBananaNetworkException n => n.IsTimeout ? "timeout" : "network error",
        TimeoutRejectedException => "timeout",
        null => "no exception",
        _ => e.GetType().Name,
    };
}

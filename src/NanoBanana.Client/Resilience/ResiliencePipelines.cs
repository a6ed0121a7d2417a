using Microsoft.Extensions.Logging;
using Polly;
using Polly.Retry;
using Polly.Timeout;

namespace NanoBanana.Client;

/// <summary>
/// The client's Polly pipelines, built once per client: reads, creates and downloads. Each is a retry (exponential
/// backoff with jitter, honouring Retry-After) on the client's <see cref="TimeProvider"/>; API calls time each
/// attempt themselves (<see cref="FirstAttemptFastPath"/>), downloads with the pipeline's timeout strategy.
/// </summary>
/// <remarks>
/// Microsoft.Extensions.Http.Resilience's standard handler is not used: it classifies by HTTP status alone, so it
/// cannot tell 429 <c>rate_limit_exceeded</c> (transient) from 429 <c>spend_limit_exceeded</c> (never retry),
/// which needs the body's error code; and it would retry a POST after a timeout or a 500, which for a create
/// (no idempotency key) may bill a second task. So the pipelines run around the mapped exceptions instead, and
/// <see cref="FailureClassifier"/> decides.
/// </remarks>
internal sealed class ResiliencePipelines
{
    public ResiliencePipelines(NanoBananaClientOptions options, TimeProvider timeProvider, ILogger logger, NanoBananaMetrics? metrics = null)
    {
        metrics ??= NanoBananaMetrics.Shared;
        var retry = options.Retry;
        var retries = retry.MaxRetries > 0;
        // Which failures each operation tries again is the classifier's answer (FailureClassifier): a read every
        // transient failure, a create only when the server certainly did not take it (429 rate_limit_exceeded, a
        // connection that could not be made), never when its outcome is unknown.
        Read = new FirstAttemptFastPath(Build("read", isCreate: false, attemptTimeout: null), options.RequestTimeout, timeProvider, isCreate: false, retries);
        Create = new FirstAttemptFastPath(Build("create_task", isCreate: true, attemptTimeout: null), options.RequestTimeout, timeProvider, isCreate: true, retries);
        // Downloads run entirely in the pipeline, its timeout strategy included (a download is not on the hot path).
        Download = Build("download", isCreate: false, attemptTimeout: options.DownloadTimeout);

        ResiliencePipeline Build(string operation, bool isCreate, TimeSpan? attemptTimeout)
        {
            var builder = new ResiliencePipelineBuilder { TimeProvider = timeProvider };
            if (retries)
            {
                var maxRetryAfter = retry.MaxRetryAfter;
                var maxRetries = retry.MaxRetries;
                // A 429 rate_limit_exceeded is a definite rejection (nothing was done, nothing billed): it has its own,
                // larger budget, so a burst over the rate limit waits its turn instead of failing.
                var maxRateLimitRetries = Math.Max(retry.MaxRetries, retry.MaxRateLimitRetries);
                var maxJitter = retry.MaxDelay;
                // A Retry-After shorter than the base delay (0, say) is not a reason to come back at once: the
                // exponential back-off applies instead (null: Polly's own delay).
                var leastRetryAfter = retry.BaseDelay;
                builder.AddRetry(new RetryStrategyOptions
                {
                    MaxRetryAttempts = maxRateLimitRetries,
                    BackoffType = DelayBackoffType.Exponential,
                    UseJitter = true,
                    Delay = retry.BaseDelay,
                    MaxDelay = retry.MaxDelay,
                    // A Retry-After longer than MaxRetryAfter goes back to the caller instead of blocking.
                    ShouldHandle = args => ValueTask.FromResult(ClassOf(args.Outcome.Exception) is { } failure && failure.IsRetried(isCreate)
                        && args.AttemptNumber < (args.Outcome.Exception is NanoBananaRateLimitException ? maxRateLimitRetries : maxRetries)
                        && !(args.Outcome.Exception is NanoBananaException { RetryAfter: { } after } && after > maxRetryAfter)),
                    DelayGenerator = args => ValueTask.FromResult(
                        args.Outcome.Exception is NanoBananaException { RetryAfter: { } after } && after >= leastRetryAfter ? AfterWithJitter(after, args.AttemptNumber, maxJitter) : (TimeSpan?)null),
                    OnRetry = args =>
                    {
                        metrics.Retries.Add(1, new KeyValuePair<string, object?>("operation", operation));
                        Log.Retrying(logger, operation, args.AttemptNumber + 1, Reason(args.Outcome.Exception), args.RetryDelay);
                        return default;
                    },
                });
            }

            if (attemptTimeout is { } timeout) builder.AddTimeout(timeout);
            return builder.Build();
        }
    }

    /// <summary>
    /// The classifier's verdict on what an attempt threw: API calls throw only mapped errors; a download attempt
    /// may also end in the timeout strategy's <see cref="TimeoutRejectedException"/>, a timeout. Anything else
    /// (the caller's cancellation) is never retried.
    /// </summary>
    private static FailureClass? ClassOf(Exception? e) => e switch
    {
        NanoBananaException mapped => mapped.Class,
        TimeoutRejectedException => FailureClassifier.Classify(FailureKind.Timeout),
        _ => null,
    };

    /// <summary>
    /// The server's Retry-After, never less, plus a random share of it: clients rate-limited in the same second do
    /// not all come back in the same second. The random window is half the Retry-After on the first retry and
    /// doubles with each further one (at most <see cref="NanoBananaRetryOptions.MaxDelay"/>), so a crowd that keeps
    /// hitting the limit spreads out.
    /// </summary>
    internal static TimeSpan AfterWithJitter(TimeSpan after, int attemptNumber, TimeSpan maxJitter)
    {
        var window = after.TotalMilliseconds * Math.Pow(2, Math.Min(attemptNumber, 16)) / 2;
        window = Math.Min(window, maxJitter.TotalMilliseconds);
        return after + TimeSpan.FromMilliseconds(Random.Shared.NextDouble() * window);
    }

    /// <summary>Reads: get task, credits. Retries every transient failure.</summary>
    public FirstAttemptFastPath Read { get; }

    /// <summary>Creates: retries definite rejections only.</summary>
    public FirstAttemptFastPath Create { get; }

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

using System.Collections.Concurrent;
using Polly;

namespace NanoBanana.Client;

/// <summary>
/// One kind of API call's retry rules (a Polly retry pipeline) and attempt timeout, with the first attempt run
/// outside the pipeline.
/// </summary>
/// <remarks>
/// Why outside: measured (bench/README.md, "breakdown"), entering Polly around every attempt costs a good share of
/// a whole baseline API call in memory and on loopback, for an attempt that almost always succeeds. So every
/// attempt runs in <c>NanoBananaClient.AttemptAsync</c> with its own timeout (<see cref="RentTimeout"/>, on the
/// client's <see cref="TimeProvider"/>), which maps its failure once (<see cref="ErrorMapper"/>). Only a failure
/// the classifier says is retried (<see cref="IsRetried"/>) enters the pipeline (<see cref="RetryAsync"/>), whose
/// first "attempt" hands back the failure that already happened (nothing is sent again); every retry rule (how
/// many times, Retry-After, backoff, logging) stays in Polly and applies as if the pipeline had run the first
/// attempt itself.
/// </remarks>
internal sealed class FirstAttemptFastPath(ResiliencePipeline pipeline, TimeSpan attemptTimeout, TimeProvider timeProvider, bool isCreate, bool retries)
{
    private const int MaxPooled = 64;
    // On the system clock the timeout sources are reused (as Polly's own timeout strategy does): a source whose
    // attempt ended in time is reset and put back. Without it a new source and its timer on every call bring the
    // in-memory allocations to the target's limit (bench/README.md, "One failure classifier"). (A source made on
    // another TimeProvider cannot be reset: TryReset refuses it.)
    private readonly ConcurrentQueue<CancellationTokenSource>? _pool = timeProvider == TimeProvider.System ? new() : null;

    /// <summary>The pipeline that handles everything after a failed first attempt.</summary>
    public ResiliencePipeline Pipeline => pipeline;

    /// <summary>How long one attempt may take.</summary>
    public TimeSpan AttemptTimeout => attemptTimeout;

    /// <summary>A source that cancels after the attempt timeout, on the client's clock; give it back with <see cref="Return"/>.</summary>
    public CancellationTokenSource RentTimeout()
    {
        if (_pool is null || !_pool.TryDequeue(out var timeout)) return new CancellationTokenSource(attemptTimeout, timeProvider);
        timeout.CancelAfter(attemptTimeout);
        return timeout;
    }

    /// <summary>Gives back a source from <see cref="RentTimeout"/> once its attempt has ended.</summary>
    public void Return(CancellationTokenSource timeout)
    {
        // TryReset fails once the source was canceled (the attempt timed out or the caller canceled): never reused.
        if (_pool is not null && _pool.Count < MaxPooled && timeout.TryReset()) _pool.Enqueue(timeout);
        else timeout.Dispose();
    }

    /// <summary>Whether the pipeline may try <paramref name="failure"/> again (retries are enabled and the classifier allows it).</summary>
    public bool IsRetried(NanoBananaException failure) => retries && failure.Class.IsRetried(isCreate);

    /// <summary>After a failed first attempt: the pipeline decides whether and when to retry, with <paramref name="attempt"/> for each retry.</summary>
    public ValueTask<TResult> RetryAsync<TResult, TState>(
        Exception firstFailure, Func<TState, CancellationToken, ValueTask<TResult>> attempt, TState state, CancellationToken cancellationToken) =>
        pipeline.ExecuteAsync(static (replay, ct) => replay.NextAsync(ct), new Replay<TResult, TState>(attempt, state, firstFailure), cancellationToken);

    /// <summary>The pipeline's attempts: the first one is the failure that already happened, the others are real.</summary>
    private sealed class Replay<TResult, TState>(Func<TState, CancellationToken, ValueTask<TResult>> attempt, TState state, Exception firstFailure)
    {
        private Exception? _firstFailure = firstFailure;

        public ValueTask<TResult> NextAsync(CancellationToken cancellationToken) =>
            Interlocked.Exchange(ref _firstFailure, null) is { } failure
                ? ValueTask.FromException<TResult>(failure)
                : attempt(state, cancellationToken);
    }
}

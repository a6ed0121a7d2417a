using System.Collections.Concurrent;
using Polly;
using Polly.Timeout;

namespace NanoBanana.Client;

/// <summary>
/// A Polly pipeline (retry around a per-attempt timeout) whose first attempt the client runs outside it.
/// </summary>
/// <remarks>
/// Why: measured on loopback (bench/results/breakdown-*.md), entering the retry and timeout strategies costs about
/// 0.3 of a whole baseline API call when the call completes asynchronously (each strategy's state machine, its
/// outcome and its linked token), for an attempt that almost always succeeds. So the client runs the first attempt
/// itself (<c>NanoBananaClient.CallAsync</c>) with only its timeout (a <see cref="CancellationTokenSource"/> from
/// <see cref="RentTimeout"/>, on the client's <see cref="TimeProvider"/>), and enters the pipeline only after that
/// attempt failed (<see cref="RetryAsync"/>): the pipeline's first "attempt" hands back the failure that already
/// happened (nothing is sent again), so every retry rule (which failures, how many times, Retry-After, backoff,
/// logging) stays in Polly and is applied exactly as if the pipeline had run the first attempt itself. A first
/// attempt that ran out of time fails with Polly's <see cref="TimeoutRejectedException"/> (<see cref="TimedOut"/>),
/// as the pipeline's timeout strategy would have failed it.
/// </remarks>
internal sealed class FirstAttemptFastPath(ResiliencePipeline pipeline, TimeSpan attemptTimeout, TimeProvider timeProvider)
{
    private const int MaxPooled = 64;
    // On the system clock the timeout sources are reused (as Polly's own timeout strategy does): a source whose
    // attempt ended in time is reset and put back, saving a source and its timer on every call. (A source made on
    // another TimeProvider cannot be reset: TryReset refuses it.)
    private readonly ConcurrentQueue<CancellationTokenSource>? _pool = timeProvider == TimeProvider.System ? new() : null;

    /// <summary>The pipeline that handles everything after a failed first attempt.</summary>
    public ResiliencePipeline Pipeline => pipeline;

    /// <summary>A source that cancels after the attempt timeout; give it back with <see cref="Return"/>.</summary>
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

    /// <summary>The failure of an attempt whose timeout fired, as Polly's timeout strategy reports it.</summary>
    public TimeoutRejectedException TimedOut(Exception canceled) =>
        new($"The operation didn't complete within the allowed timeout of '{attemptTimeout}'.", attemptTimeout, canceled);

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

using Polly;
using Polly.Timeout;

namespace NanoBanana.Client;

/// <summary>
/// A Polly pipeline (retry around a per-attempt timeout) whose first attempt runs outside it.
/// </summary>
/// <remarks>
/// Why: measured on loopback (bench/results/breakdown-*.md), entering the retry and timeout strategies costs about
/// 0.16 of a whole baseline API call when the call completes asynchronously (each strategy's state machine, its
/// outcome and its linked token), for an attempt that almost always succeeds. So the first attempt runs here with
/// only its timeout (one <see cref="CancellationTokenSource"/> on the client's <see cref="TimeProvider"/>, linked
/// to the caller's token), and the pipeline is entered only after that attempt failed: its first "attempt" hands
/// back the failure that already happened (nothing is sent again), so every retry rule (which failures, how many
/// times, Retry-After, backoff, logging) stays in Polly and is applied exactly as if the pipeline had run the
/// first attempt itself. A first attempt that ran out of time fails with Polly's <see cref="TimeoutRejectedException"/>,
/// as the pipeline's timeout strategy would have failed it.
/// </remarks>
internal sealed class FirstAttemptFastPath(ResiliencePipeline pipeline, TimeSpan attemptTimeout, TimeProvider timeProvider)
{
    /// <summary>The pipeline that handles everything after a failed first attempt.</summary>
    public ResiliencePipeline Pipeline => pipeline;

    /// <summary>Runs <paramref name="attempt"/> once with the attempt timeout; after a failure, lets the pipeline decide on retries.</summary>
    public async ValueTask<TResult> ExecuteAsync<TResult, TState>(
        Func<TState, CancellationToken, ValueTask<TResult>> attempt, TState state, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        Exception failure;
        using (var timeout = new CancellationTokenSource(attemptTimeout, timeProvider))
        {
            var link = cancellationToken.CanBeCanceled
                ? cancellationToken.UnsafeRegister(static s => ((CancellationTokenSource)s!).Cancel(), timeout)
                : default;
            try
            {
                return await attempt(state, timeout.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                throw;
            }
            catch (OperationCanceledException canceled) when (timeout.IsCancellationRequested)
            {
                failure = new TimeoutRejectedException(
                    $"The operation didn't complete within the allowed timeout of '{attemptTimeout}'.", attemptTimeout, canceled);
            }
            catch (Exception ex)
            {
                failure = ex;
            }
            finally
            {
                link.Dispose();
            }
        }

        return await pipeline.ExecuteAsync(static (replay, ct) => replay.NextAsync(ct),
            new Replay<TResult, TState>(attempt, state, failure), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The pipeline's attempts: the first one is the failure that already happened, the others are real.</summary>
    private sealed class Replay<TResult, TState>(Func<TState, CancellationToken, ValueTask<TResult>> attempt, TState state, Exception firstFailure)
    {
        private Exception? _firstFailure = firstFailure;

        public ValueTask<TResult> NextAsync(CancellationToken cancellationToken)
        {
            if (Interlocked.Exchange(ref _firstFailure, null) is { } failure)
            {
                return ValueTask.FromException<TResult>(failure);
            }

            return attempt(state, cancellationToken);
        }
    }
}

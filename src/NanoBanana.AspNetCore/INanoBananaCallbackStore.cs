using NanoBanana.Client;

namespace NanoBanana.AspNetCore;

/// <summary>
/// Records which confirmed deliveries (a task id and its status) are being handled or were handled, so that a
/// repeated delivery never runs the handler twice, a redelivery while the handler still runs is not acknowledged as
/// handled, and a delivery whose handler never finished (a crash, a killed process) runs again later. The default,
/// <see cref="InMemoryNanoBananaCallbackStore"/>, lives in one process; register a shared one
/// (<c>services.AddSingleton&lt;INanoBananaCallbackStore, MyStore&gt;()</c>) when the application runs on several
/// instances.
/// </summary>
/// <remarks>
/// <para>
/// <b>The contract an implementation follows.</b> The store keeps, per key (<c>taskId</c>, <c>status</c>, compared
/// ordinally; the status by its wire value), one of three states:
/// </para>
/// <list type="table">
/// <item><term>absent</term><description>never claimed, or released. A claim acquires it.</description></item>
/// <item><term>in progress</term><description>
/// claimed by one delivery, with a claim id (a value unique to that claim, such as a random GUID) and a lease
/// expiry (the time of the claim plus <c>lease</c>). A claim before the expiry returns
/// <see cref="CallbackClaimOutcome.InProgress"/> with that expiry; a claim at or after it takes the key over (a new
/// claim id and expiry) and returns <see cref="CallbackClaimOutcome.Acquired"/>: the holder is presumed dead.
/// </description></item>
/// <item><term>handled</term><description>
/// final. Every later claim returns <see cref="CallbackClaimOutcome.Handled"/>. A store may forget handled keys after
/// a retention it documents (a redelivery after that runs the handler again).
/// </description></item>
/// </list>
/// <para>Transitions, each atomic with respect to every other call on the same key (one statement, a row lock, a
/// compare-and-swap):</para>
/// <list type="bullet">
/// <item><see cref="TryClaimAsync"/>: absent, or in progress with an expired lease, becomes in progress under a new
/// claim id; of any number of concurrent claims exactly one acquires.</item>
/// <item><see cref="CompleteAsync"/>: in progress becomes handled, whoever holds it now (the handler ran to its end, so
/// the delivery is handled even when the lease expired meanwhile and another claim took over). Completing a handled key
/// does nothing.</item>
/// <item><see cref="ReleaseAsync"/>: in progress becomes absent only when it is still held under the given claim id (a
/// stale claim never releases its successor's); any other state is left alone.</item>
/// </list>
/// <para>
/// Time is the store's own (the in-memory store uses its <see cref="TimeProvider"/>; a database store may use the
/// database's clock): compare the lease expiry with the same clock that set it. The endpoint passes
/// <see cref="NanoBananaCallbackOptions.HandlerLease"/> as <c>lease</c>; a handler that runs longer than that may run
/// a second time concurrently, so keep the lease well above the handler's longest run.
/// </para>
/// <para>
/// Errors: a call that fails (the database is unreachable) throws; the endpoint then answers 503 and the delivery is
/// not acknowledged. A canceled call throws <see cref="OperationCanceledException"/>. Implementations must be safe to
/// call concurrently from many requests.
/// </para>
/// </remarks>
public interface INanoBananaCallbackStore
{
    /// <summary>Claims a confirmed delivery for handling (see the type's remarks for the states).</summary>
    /// <param name="taskId">The task id, as the API reported it.</param>
    /// <param name="status">The task status, as the API reported it (<c>completed</c> or <c>failed</c>).</param>
    /// <param name="lease">How long the claim holds before another delivery may take it over; positive.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>
    /// <see cref="CallbackClaimOutcome.Acquired"/> with a claim id: run the handler, then call
    /// <see cref="CompleteAsync"/> or <see cref="ReleaseAsync"/> with this claim.
    /// <see cref="CallbackClaimOutcome.InProgress"/> with the lease expiry: another delivery is handling it.
    /// <see cref="CallbackClaimOutcome.Handled"/>: handled before.
    /// </returns>
    ValueTask<CallbackClaim> TryClaimAsync(string taskId, GenerationTaskStatus status, TimeSpan lease, CancellationToken cancellationToken);

    /// <summary>Marks an acquired claim's delivery as handled (final), after its handler returned.</summary>
    /// <param name="claim">A claim <see cref="TryClaimAsync"/> returned as <see cref="CallbackClaimOutcome.Acquired"/>.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>A task that completes once the handled state is recorded.</returns>
    ValueTask CompleteAsync(CallbackClaim claim, CancellationToken cancellationToken);

    /// <summary>Gives an acquired claim back after its handler failed, so that a redelivery runs the handler again.</summary>
    /// <param name="claim">A claim <see cref="TryClaimAsync"/> returned as <see cref="CallbackClaimOutcome.Acquired"/>.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>A task that completes once the claim is gone (or found taken over or handled, which is left alone).</returns>
    ValueTask ReleaseAsync(CallbackClaim claim, CancellationToken cancellationToken);
}

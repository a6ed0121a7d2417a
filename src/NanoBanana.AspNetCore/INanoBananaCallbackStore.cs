using NanoBanana.Client;

namespace NanoBanana.AspNetCore;

/// <summary>
/// Remembers which confirmed deliveries (task id and status) were handled, so a repeated delivery is acknowledged
/// without calling the handler again. The default, <see cref="InMemoryNanoBananaCallbackStore"/>, lives in one process;
/// register your own implementation (<c>services.AddSingleton&lt;INanoBananaCallbackStore, MyStore&gt;()</c>) to share
/// the record between instances, for example on Redis or a database table with a unique key.
/// </summary>
public interface INanoBananaCallbackStore
{
    /// <summary>
    /// Claims a confirmed delivery for handling. Must be atomic: of concurrent claims of the same task id and status,
    /// at most one returns true.
    /// </summary>
    /// <param name="taskId">The task id, as the API reported it.</param>
    /// <param name="status">The task status, as the API reported it (<c>completed</c> or <c>failed</c>).</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>True when the caller should run the handler; false when the delivery was handled (or is being handled) already.</returns>
    ValueTask<bool> TryClaimAsync(string taskId, GenerationTaskStatus status, CancellationToken cancellationToken);

    /// <summary>Gives a claim back after the handler failed, so that a redelivery runs the handler again.</summary>
    /// <param name="taskId">The task id passed to <see cref="TryClaimAsync"/>.</param>
    /// <param name="status">The status passed to <see cref="TryClaimAsync"/>.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>A task that completes when the claim is gone.</returns>
    ValueTask ReleaseAsync(string taskId, GenerationTaskStatus status, CancellationToken cancellationToken);
}

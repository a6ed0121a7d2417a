namespace NanoBanana.Client;

/// <summary>
/// Carries "this task finished" between the processes of a service, so that a wait in one process completes when
/// another process's callback endpoint confirms the task. The client publishes every task it confirms
/// (<see cref="INanoBananaClient.ConfirmCallbackAsync"/>) and completes its own waits on every task it hears of.
/// One process needs none: a confirmed callback completes the waits of the client that confirmed it. The
/// <c>NanoBanana.Postgres</c> package has one on PostgreSQL's LISTEN/NOTIFY; register it in the services (or pass
/// it to the client's constructor) on every replica.
/// </summary>
public interface INanoBananaTaskNotifier
{
    /// <summary>Tells every subscribed process (this one included) that <paramref name="task"/> finished, as the API confirmed it.</summary>
    /// <param name="task">The task as the API reported it (<c>completed</c> or <c>failed</c>).</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>A task that completes once the notice is sent.</returns>
    ValueTask PublishAsync(GenerationTask task, CancellationToken cancellationToken);

    /// <summary>
    /// Calls <paramref name="finished"/> for every task published from now on, in any process, until the returned
    /// subscription is disposed. The task may carry only its id and status (a notice too large to carry whole): the
    /// client then reads it once.
    /// </summary>
    /// <param name="finished">Called for each finished task; keep it quick and do not throw.</param>
    /// <returns>The subscription; dispose it to stop.</returns>
    IDisposable Subscribe(Action<GenerationTask> finished);
}

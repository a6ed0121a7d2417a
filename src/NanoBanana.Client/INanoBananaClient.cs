namespace NanoBanana.Client;

/// <summary>
/// The Nano Banana 2 Lite image API: create a generation task, follow it to completion, read credits, download outputs.
/// Every failure is a <see cref="NanoBananaException"/>; invalid requests fail with
/// <see cref="GenerationRequestValidationException"/> before anything is sent.
/// </summary>
public interface INanoBananaClient
{
    /// <summary>
    /// Creates a generation task (10 credits) and returns its id at once; the image is produced asynchronously.
    /// Retried only when the server certainly did not take it (429 <c>rate_limit_exceeded</c>, a connection that
    /// could not be made). After a timeout, a dropped connection or a 500 it throws
    /// <see cref="NanoBananaCreateOutcomeUnknownException"/>: the task may exist. Canceling
    /// <paramref name="cancellationToken"/> while the request is in flight leaves the outcome unknown too.
    /// </summary>
    /// <param name="request">The generation request; validated against the contract before sending.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The task id.</returns>
    Task<string> CreateTaskAsync(GenerationRequest request, CancellationToken cancellationToken = default);

    /// <summary>Reads a task: its status and, once completed, its outputs. Transient failures are retried.</summary>
    /// <param name="taskId">The task id from <see cref="CreateTaskAsync"/>.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The task.</returns>
    Task<GenerationTask> GetTaskAsync(string taskId, CancellationToken cancellationToken = default);

    /// <summary>
    /// Waits until a task completes, polling it on an adaptive schedule. Throws
    /// <see cref="NanoBananaTaskFailedException"/> when it fails and <see cref="NanoBananaWaitTimeoutException"/>
    /// (with the task id, to resume later) when the timeout passes first.
    /// </summary>
    /// <param name="taskId">The task id.</param>
    /// <param name="timeout">How long to wait; null for <see cref="NanoBananaClientOptions.DefaultWaitTimeout"/>.</param>
    /// <param name="cancellationToken">Stops waiting promptly.</param>
    /// <returns>The completed task.</returns>
    Task<GenerationTask> WaitForTaskAsync(string taskId, TimeSpan? timeout = null, CancellationToken cancellationToken = default);

    /// <summary>
    /// Follows a task: yields it each time its status changes (the first status seen included), and ends after it
    /// completes or fails (a failed task is yielded, not thrown). Throws <see cref="NanoBananaWaitTimeoutException"/>
    /// after <see cref="NanoBananaClientOptions.DefaultWaitTimeout"/>.
    /// </summary>
    /// <param name="taskId">The task id.</param>
    /// <param name="cancellationToken">Stops following promptly.</param>
    /// <returns>The task at each status change.</returns>
    IAsyncEnumerable<GenerationTask> WatchTaskAsync(string taskId, CancellationToken cancellationToken = default);

    /// <summary>Like <see cref="WatchTaskAsync(string, CancellationToken)"/>, with a timeout.</summary>
    /// <param name="taskId">The task id.</param>
    /// <param name="timeout">How long to follow; null for <see cref="NanoBananaClientOptions.DefaultWaitTimeout"/>.</param>
    /// <param name="cancellationToken">Stops following promptly.</param>
    /// <returns>The task at each status change.</returns>
    IAsyncEnumerable<GenerationTask> WatchTaskAsync(string taskId, TimeSpan? timeout, CancellationToken cancellationToken = default);

    /// <summary>Creates a task and waits for it: <see cref="CreateTaskAsync"/> then <see cref="WaitForTaskAsync"/>.</summary>
    /// <param name="request">The generation request.</param>
    /// <param name="timeout">How long to wait for completion; null for the default.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The completed task, with its output URLs.</returns>
    Task<GenerationTask> GenerateAsync(GenerationRequest request, TimeSpan? timeout = null, CancellationToken cancellationToken = default);

    /// <summary>Reads the account's credit balance (<see cref="CreditsBalance.Credits"/>). Transient failures are retried.</summary>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The balance, with every field the API returned.</returns>
    Task<CreditsBalance> GetCreditsAsync(CancellationToken cancellationToken = default);

    /// <summary>
    /// Downloads an output image into a stream. The API key is never sent: outputs live on another host.
    /// </summary>
    /// <param name="outputUrl">An output URL of a completed task (https, or http on a loopback address).</param>
    /// <param name="destination">Where the bytes go.</param>
    /// <param name="cancellationToken">Cancels the download.</param>
    /// <returns>The number of bytes written.</returns>
    Task<long> DownloadAsync(Uri outputUrl, Stream destination, CancellationToken cancellationToken = default);

    /// <summary>Downloads an output image into a file (written whole, or not at all).</summary>
    /// <param name="outputUrl">An output URL of a completed task.</param>
    /// <param name="path">The file to write; replaced if it exists.</param>
    /// <param name="cancellationToken">Cancels the download.</param>
    /// <returns>The number of bytes written.</returns>
    Task<long> DownloadToFileAsync(Uri outputUrl, string path, CancellationToken cancellationToken = default);

    /// <summary>
    /// Confirms a callback: fetches the task it names from the API and returns what the API says. The docs describe
    /// no callback signature, so a callback body must not be trusted on its own; trust the returned task instead.
    /// </summary>
    /// <param name="callbackTask">The task parsed from the callback body (<see cref="TaskCallback.Parse(string)"/>).</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The task as the API reports it.</returns>
    Task<GenerationTask> ConfirmCallbackAsync(GenerationTask callbackTask, CancellationToken cancellationToken = default);
}

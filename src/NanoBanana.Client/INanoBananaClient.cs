namespace NanoBanana.Client;

/// <summary>
/// The Nano Banana 2 Lite image API: start a generation (<see cref="GenerationOperation"/>), follow it to completion,
/// read credits, download outputs.
/// Every failure is a <see cref="NanoBananaException"/>; invalid requests fail with
/// <see cref="GenerationRequestValidationException"/> before anything is sent.
/// </summary>
public interface INanoBananaClient
{
    /// <summary>Reads a task: its status and, once completed, its outputs. Transient failures are retried.</summary>
    /// <param name="taskId">The task id (<see cref="GenerationOperation.TaskId"/>).</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The task.</returns>
    Task<GenerationTask> GetTaskAsync(string taskId, CancellationToken cancellationToken = default);

    /// <summary>
    /// Starts a generation: creates the task (10 credits) and returns its operation at once; the image is produced
    /// asynchronously. The create is retried only when the server certainly did not take it (429
    /// <c>rate_limit_exceeded</c>, a connection that could not be made). After a timeout, a dropped connection or a 500
    /// it throws <see cref="NanoBananaCreateOutcomeUnknownException"/>: the task may exist. Canceling
    /// <paramref name="cancellationToken"/> while the request is in flight leaves the outcome unknown too.
    /// </summary>
    /// <param name="request">The generation request; validated against the contract before sending.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The operation: its <see cref="GenerationOperation.TaskId"/>, and the waits on it.</returns>
    Task<GenerationOperation> StartGenerationAsync(GenerationRequest request, CancellationToken cancellationToken = default);

    /// <summary>Starts a generation from a prompt (text-to-image, or an edit with <see cref="GenerationOptions.ImageUrls"/>).</summary>
    /// <param name="prompt">What to generate (1 to 20000 characters).</param>
    /// <param name="options">Aspect ratio, input images, callback URL; null for the API's defaults.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The operation.</returns>
    Task<GenerationOperation> StartGenerationAsync(string prompt, GenerationOptions? options = null, CancellationToken cancellationToken = default);

    /// <summary>
    /// Generates an image: <see cref="StartGenerationAsync(GenerationRequest, CancellationToken)"/>, then
    /// <see cref="GenerationOperation.WaitForCompletionAsync"/>.
    /// </summary>
    /// <param name="request">The generation request.</param>
    /// <param name="timeout">How long to wait for completion; null for <see cref="NanoBananaClientOptions.DefaultWaitTimeout"/>.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The completed task and its output URLs.</returns>
    Task<GenerationResult> GenerateAsync(GenerationRequest request, TimeSpan? timeout = null, CancellationToken cancellationToken = default);

    /// <summary>Generates an image from a prompt: start, then wait.</summary>
    /// <param name="prompt">What to generate (1 to 20000 characters).</param>
    /// <param name="options">Aspect ratio, input images, callback URL; null for the API's defaults.</param>
    /// <param name="timeout">How long to wait for completion; null for <see cref="NanoBananaClientOptions.DefaultWaitTimeout"/>.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The completed task and its output URLs.</returns>
    Task<GenerationResult> GenerateAsync(string prompt, GenerationOptions? options = null, TimeSpan? timeout = null, CancellationToken cancellationToken = default);

    /// <summary>
    /// Rebuilds the operation of a task started earlier (in this process or another) from its id. Sends nothing:
    /// the first wait on it polls at once, and the task's <c>created_at</c> tells the schedule how long it has run.
    /// </summary>
    /// <param name="taskId">The task id (<see cref="GenerationOperation.TaskId"/>).</param>
    /// <returns>The operation.</returns>
    /// <exception cref="ArgumentException">The id is not a well-formed task id.</exception>
    GenerationOperation ResumeGeneration(string taskId);

    /// <summary>Reads the account's credit balance (<see cref="CreditsBalance.Credits"/>). Transient failures are retried.</summary>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The balance, with every field the API returned.</returns>
    Task<CreditsBalance> GetCreditsAsync(CancellationToken cancellationToken = default);

    /// <summary>
    /// Downloads an output image into a stream. The API key is never sent: outputs live on another host. Redirects are
    /// followed (at most 5), each hop under the same rule as <paramref name="outputUrl"/>: https (http only on a
    /// loopback address), never a link-local or cloud metadata address, a private network address only with
    /// <see cref="NanoBananaClientOptions.AllowPrivateNetworkDownloads"/>. The response must be an image
    /// (<c>image/png</c>, <c>image/jpeg</c>, <c>image/webp</c>, <c>image/gif</c>, <c>image/avif</c>); anything else is an error.
    /// The whole download, retries included, ends at <see cref="NanoBananaClientOptions.DownloadDeadline"/>.
    /// </summary>
    /// <param name="outputUrl">An output URL of a completed task.</param>
    /// <param name="destination">Where the bytes go.</param>
    /// <param name="cancellationToken">Cancels the download.</param>
    /// <returns>The number of bytes written.</returns>
    /// <exception cref="ArgumentException"><paramref name="outputUrl"/> breaks the rule above.</exception>
    /// <exception cref="NanoBananaException">The download failed: a refused redirect, a non-image, an HTTP error, a timeout.</exception>
    Task<long> DownloadAsync(Uri outputUrl, Stream destination, CancellationToken cancellationToken = default);

    /// <summary>
    /// Downloads an output image into a file, written whole or not at all: the bytes go to a new file with a random
    /// name beside <paramref name="path"/> (created exclusively, so a link planted there is never followed), which
    /// then replaces the destination. The file's extension is the image's (<c>.png</c>, <c>.jpg</c>, <c>.webp</c>,
    /// <c>.gif</c>, <c>.avif</c>), whatever <paramref name="path"/> ends with. The rules of
    /// <see cref="DownloadAsync"/> apply.
    /// </summary>
    /// <param name="outputUrl">An output URL of a completed task.</param>
    /// <param name="path">The file to write (replaced if it exists); its extension is set from the image's content type.</param>
    /// <param name="cancellationToken">Cancels the download.</param>
    /// <returns>The file written, its size and content type.</returns>
    /// <exception cref="ArgumentException"><paramref name="outputUrl"/> breaks the rule of <see cref="DownloadAsync"/>.</exception>
    /// <exception cref="NanoBananaException">The download failed.</exception>
    Task<SavedOutput> DownloadToFileAsync(Uri outputUrl, string path, CancellationToken cancellationToken = default);

    /// <summary>
    /// Confirms a callback: fetches the task it names from the API and returns what the API says. The docs describe
    /// no callback signature, so a callback body must not be trusted on its own; trust the returned task instead.
    /// It makes exactly one request, never retried (anyone can post a callback, so a delivery must not turn into
    /// several API calls): a transient failure (429, 5xx, a timeout) is thrown at once, with
    /// <see cref="NanoBananaException.RetryAfter"/> when the API gave one, for the receiver to pass on to the sender.
    /// </summary>
    /// <param name="callbackTask">The task parsed from the callback body (<see cref="TaskCallback.Parse(string)"/>).</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The task as the API reports it.</returns>
    Task<GenerationTask> ConfirmCallbackAsync(GenerationTask callbackTask, CancellationToken cancellationToken = default);
}

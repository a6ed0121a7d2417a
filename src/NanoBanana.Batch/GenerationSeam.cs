using NanoBanana.Client;

namespace NanoBanana.Batch;

/// <summary>
/// Every call the batch runner makes to the client, in one place: start a generation (its task id is all the
/// ledger keeps), wait for a task by id (<see cref="INanoBananaClient.ResumeGeneration"/>: no network call, so the
/// same path serves a task this run created and one a crashed run left behind), download an output.
/// </summary>
internal sealed class GenerationSeam(INanoBananaClient client)
{
    /// <summary>Sends the create; returns the operation (its task id goes to the ledger). Throws <see cref="NanoBananaCreateOutcomeUnknownException"/> when the task may exist.</summary>
    public Task<GenerationOperation> StartAsync(GenerationRequest request, CancellationToken cancellationToken) =>
        client.StartGenerationAsync(request, cancellationToken);

    /// <summary>
    /// Waits for the task; returns its output URLs (never empty). <paramref name="started"/> is the operation this
    /// run started (its first poll waits for the likely completion); without it the handle is rebuilt from the id.
    /// Throws <see cref="NanoBananaTaskFailedException"/> or <see cref="NanoBananaWaitTimeoutException"/>.
    /// </summary>
    public async Task<IReadOnlyList<Uri>> WaitAsync(string taskId, GenerationOperation? started, TimeSpan? timeout, CancellationToken cancellationToken)
    {
        var operation = started ?? client.ResumeGeneration(taskId);
        var result = await operation.WaitForCompletionAsync(timeout, cancellationToken).ConfigureAwait(false);
        return result.OutputUrls;
    }

    /// <summary>Downloads one output into a file (written whole or not at all).</summary>
    public Task DownloadAsync(Uri url, string path, CancellationToken cancellationToken) =>
        client.DownloadToFileAsync(url, path, cancellationToken);
}

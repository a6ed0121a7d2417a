using NanoBanana.Client;

namespace NanoBanana.Batch;

/// <summary>
/// Every call the batch runner makes to the client, in one place: start a generation, wait for a task by id,
/// download an output. (Written against CreateTaskAsync / WaitForTaskAsync; porting to the operation handle
/// touches only this class.)
/// </summary>
internal sealed class GenerationSeam(INanoBananaClient client)
{
    /// <summary>Sends the create; returns the task id. Throws <see cref="NanoBananaCreateOutcomeUnknownException"/> when the task may exist.</summary>
    public Task<string> StartAsync(GenerationRequest request, CancellationToken cancellationToken) =>
        client.CreateTaskAsync(request, cancellationToken);

    /// <summary>Waits for the task; returns its output URLs. Throws <see cref="NanoBananaTaskFailedException"/> or <see cref="NanoBananaWaitTimeoutException"/>.</summary>
    public async Task<IReadOnlyList<Uri>> WaitAsync(string taskId, TimeSpan? timeout, CancellationToken cancellationToken)
    {
        var task = await client.WaitForTaskAsync(taskId, timeout, cancellationToken).ConfigureAwait(false);
        return task.Output?.Urls is { Count: > 0 } urls
            ? [.. urls]
            : throw new NanoBananaException($"task {taskId} completed without any output URL");
    }

    /// <summary>Downloads one output into a file (written whole or not at all).</summary>
    public Task DownloadAsync(Uri url, string path, CancellationToken cancellationToken) =>
        client.DownloadToFileAsync(url, path, cancellationToken);
}

using NanoBanana.Client;

namespace NanoBanana.Consumer.Tests;

/// <summary>A fake of the client in a few lines: the seven members of the interface; the conveniences come with it.</summary>
internal sealed class FakeNanoBananaClient(Func<GenerationRequest, GenerationOperation> start) : INanoBananaClient
{
    public static readonly byte[] Png = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A];

    public List<GenerationRequest> Started { get; } = [];

    public Task<GenerationOperation> StartGenerationAsync(GenerationRequest request, CancellationToken cancellationToken = default)
    {
        Started.Add(request);
        return Task.FromResult(start(request));
    }

    public GenerationOperation ResumeGeneration(string taskId) => NanoBananaModelFactory.GenerationOperation(taskId);

    public Task<GenerationTask> GetTaskAsync(string taskId, CancellationToken cancellationToken = default) =>
        Task.FromResult(NanoBananaModelFactory.GenerationTask(taskId, GenerationTaskStatus.Processing));

    public Task<CreditsBalance> GetCreditsAsync(CancellationToken cancellationToken = default) =>
        Task.FromResult(NanoBananaModelFactory.CreditsBalance(100));

    public Task<GenerationTask> ConfirmCallbackAsync(GenerationTask callbackTask, CancellationToken cancellationToken = default) =>
        Task.FromResult(callbackTask);

    public async Task<SavedOutput> DownloadToFileAsync(Uri outputUrl, string path, CancellationToken cancellationToken = default)
    {
        await File.WriteAllBytesAsync(path, Png, cancellationToken);
        return new SavedOutput(path, Png.Length, "image/png");
    }

    public async Task<long> DownloadAsync(Uri outputUrl, Stream destination, CancellationToken cancellationToken = default)
    {
        await destination.WriteAsync(Png, cancellationToken);
        return Png.Length;
    }
}

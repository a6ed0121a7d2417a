using Microsoft.Extensions.Time.Testing;
using NanoBanana.Client;
using NanoBanana.Simulator;
using NanoBanana.Testing;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;
using WireMock.Server;

namespace NanoBanana.Batch.Tests;

/// <summary>
/// The runner never replaces a file it does not own, whatever name the download ends up with: the client names the file
/// by the image's content type, and another client may save it anywhere.
/// </summary>
public sealed class OutputOwnershipTests
{
    private static readonly byte[] Jpeg = [0xFF, 0xD8, 0xFF, 0xE0, 0x00, 0x10, 0x4A, 0x46, 0x49, 0x46, 0x00, 0x01, 0xFF, 0xD9];

    [Fact]
    public async Task An_output_whose_content_type_names_a_file_the_batch_does_not_own_is_save_failed_and_that_file_is_kept()
    {
        using var folder = new TempFolder();
        // The user's own hero.jpg was in the folder before the batch took it.
        var mine = Path.Combine(folder.Path, "hero.jpg");
        await File.WriteAllTextAsync(mine, "the user's own picture");
        using var api = WireMockServer.Start();
        // The output URL says .png, the host serves a JPEG: the client saves it as hero.jpg.
        api.Serve(ApiStubs.Created("t-hero"));
        api.Serve(ApiStubs.Completed("t-hero", $"{api.Url}/out/hero.png") with { Path = "/v1/tasks/t-hero" });
        api.Given(Request.Create().WithPath("/out/hero.png").UsingGet())
            .RespondWith(Response.Create().WithStatusCode(200).WithHeader("Content-Type", "image/jpeg").WithBody(Jpeg));
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 12, 4, 0, 0, 0, TimeSpan.Zero));
        using var client = new NanoBananaClient(new NanoBananaClientOptions { ApiKey = NanoBananaSimulator.ApiKey, BaseUrl = new Uri(api.Url!), RequestTimeout = TimeSpan.FromDays(1) }, null, null, null, time);

        var (summary, entries) = await RunAsync(client, folder, time, [new BatchItem("hero", Requests.Valid("a hero"))]);

        Assert.Equal("the user's own picture", await File.ReadAllTextAsync(mine));
        var entry = Assert.Single(entries);
        Assert.Equal(BatchItemState.SaveFailed, entry.State);
        Assert.Equal("t-hero", entry.TaskId);
        Assert.Contains("hero.jpg", entry.Reason, StringComparison.Ordinal);
        Assert.Equal(1, summary.Counts.SaveFailed);
    }

    [Fact]
    public async Task A_client_that_saves_an_output_somewhere_else_leaves_that_item_save_failed_and_the_others_complete()
    {
        await using var h = RunnerHarness.Start();
        using var elsewhere = new TempFolder();
        var client = new SavesElsewhere(h.Client, elsewhere.Path, onlyFor: "item-2");
        var items = RunnerHarness.Items("a red banana", "a blue banana", "a green banana");

        // The folder as a user may type it, with a trailing separator: the others' files are still the batch's own.
        var (summary, entries) = await RunAsync(client, h.Folder + Path.DirectorySeparatorChar, h.LedgerPath, h.Time, items);

        Assert.Equal(2, summary.Counts.Completed);
        var moved = Assert.Single(entries, e => e.State == BatchItemState.SaveFailed);
        Assert.Equal("item-2", moved.Key);
        Assert.NotNull(moved.TaskId);
        Assert.Contains(elsewhere.Path, moved.Reason, StringComparison.Ordinal);
        Assert.Empty(moved.Files);
    }

    private static Task<(BatchSummary Summary, IReadOnlyList<BatchLedgerEntry> Entries)> RunAsync(INanoBananaClient client, TempFolder folder, FakeTimeProvider time, IReadOnlyList<BatchItem> items) =>
        RunAsync(client, folder.Path, folder.Ledger, time, items);

    private static async Task<(BatchSummary Summary, IReadOnlyList<BatchLedgerEntry> Entries)> RunAsync(
        INanoBananaClient client, string folder, string ledgerPath, FakeTimeProvider time, IReadOnlyList<BatchItem> items)
    {
        await using var ledger = await SqliteGenerationLedger.OpenAsync(ledgerPath);
        await ledger.PlanAsync("input-hash", items);
        var runner = new BatchRunner(client, ledger, new BatchRunnerOptions { OutputFolder = folder, TimeProvider = time });
        var run = runner.RunAsync();
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (!run.IsCompleted)
        {
            await Task.WhenAny(run, Task.Delay(2));
            if (!run.IsCompleted) time.Advance(TimeSpan.FromMilliseconds(200));
            if (DateTime.UtcNow > deadline) throw new TimeoutException("the batch did not finish within 30 s of real time");
        }

        return (await run, await ledger.ReadAsync());
    }

    /// <summary>Another implementation of the client (a user's wrapper, say) that saves one item's output to a folder of its own choosing.</summary>
    private sealed class SavesElsewhere(INanoBananaClient inner, string folder, string onlyFor) : INanoBananaClient
    {
        public Task<GenerationOperation> StartGenerationAsync(GenerationRequest request, CancellationToken cancellationToken = default) => inner.StartGenerationAsync(request, cancellationToken);

        public GenerationOperation ResumeGeneration(string taskId) => inner.ResumeGeneration(taskId);

        public Task<GenerationTask> GetTaskAsync(string taskId, CancellationToken cancellationToken = default) => inner.GetTaskAsync(taskId, cancellationToken);

        public Task<CreditsBalance> GetCreditsAsync(CancellationToken cancellationToken = default) => inner.GetCreditsAsync(cancellationToken);

        public Task<long> DownloadAsync(Uri outputUrl, Stream destination, CancellationToken cancellationToken = default) => inner.DownloadAsync(outputUrl, destination, cancellationToken);

        public Task<SavedOutput> DownloadToFileAsync(Uri outputUrl, string path, CancellationToken cancellationToken = default) =>
            inner.DownloadToFileAsync(outputUrl, Path.GetFileNameWithoutExtension(path) == onlyFor ? Path.Combine(folder, Path.GetFileName(path)) : path, cancellationToken);

        public Task<GenerationTask> ConfirmCallbackAsync(GenerationTask callbackTask, CancellationToken cancellationToken = default) => inner.ConfirmCallbackAsync(callbackTask, cancellationToken);
    }
}

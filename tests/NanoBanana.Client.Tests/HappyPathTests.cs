using System.Text.Json.Nodes;
using NanoBanana.Client;
using NanoBanana.Testing;

namespace NanoBanana.Client.Tests;

public sealed class HappyPathTests : IDisposable
{
    private readonly ClientHarness _h = new();

    public void Dispose() => _h.Dispose();

    [Fact]
    public async Task Create_returns_the_task_id_and_sends_the_documented_body_with_the_key()
    {
        _h.Server.Serve(ApiStubs.Created("task-1"));

        var operation = await _h.Client.StartGenerationAsync(Requests.Valid());

        Assert.Equal("task-1", operation.TaskId);
        Assert.Null(operation.LastKnownTask);
        Assert.False(operation.HasCompleted);
        var request = Assert.Single(_h.Server.LogEntries).RequestMessage;
        Assert.Equal("/v1/images/generations", request.Path);
        Assert.Equal("Bearer " + ClientHarness.ApiKey, request.Headers!["Authorization"].Single());
        var body = JsonNode.Parse(request.Body!)!;
        Assert.Equal("nano-banana-2-lite", (string?)body["model"]);
        Assert.Equal("16:9", (string?)body["input"]!["aspect_ratio"]);
    }

    [Fact]
    public async Task Get_returns_the_task_with_its_outputs()
    {
        _h.Server.Serve(ApiStubs.Completed());

        var task = await _h.Client.GetTaskAsync(ApiStubs.TaskId);

        Assert.Equal(GenerationTaskStatus.Completed, task.Status);
        Assert.Equal(new Uri(ApiStubs.OutputUrl), Assert.Single(task.Output!.Urls));
        Assert.Equal(12000, task.Output.Metadata!.CostTime);
    }

    [Fact]
    public async Task Credits_reads_the_balance()
    {
        _h.Server.Serve(ApiStubs.Credits(1234.5m));

        var credits = await _h.Client.GetCreditsAsync();

        Assert.Equal(1234.5m, credits.Credits);
    }

    [Fact]
    public async Task Wait_polls_until_the_task_completes()
    {
        _h.Server.ServeInSequence(ApiStubs.Pending(), ApiStubs.Processing(), ApiStubs.Processing(progress: 50), ApiStubs.Completed());

        var task = await _h.RunAsync(_h.Client.ResumeGeneration(ApiStubs.TaskId).WaitForCompletionAsync(TimeSpan.FromMinutes(5)));

        Assert.Equal(GenerationTaskStatus.Completed, task.Task.Status);
        Assert.Equal(4, _h.Received("/v1/tasks/" + ApiStubs.TaskId));
    }

    [Fact]
    public async Task Watch_yields_each_status_change_once()
    {
        _h.Server.ServeInSequence(ApiStubs.Pending(), ApiStubs.Pending(), ApiStubs.Processing(), ApiStubs.Processing(), ApiStubs.Completed());

        var statuses = await _h.RunAsync(Collect(_h.Client.ResumeGeneration(ApiStubs.TaskId).WatchAsync()));

        Assert.Equal([GenerationTaskStatus.Pending, GenerationTaskStatus.Processing, GenerationTaskStatus.Completed], statuses);
    }

    [Fact]
    public async Task Generate_creates_then_waits_and_does_not_poll_at_once()
    {
        _h.Server.Serve(ApiStubs.Created());
        _h.Server.ServeInSequence(ApiStubs.Processing(), ApiStubs.Completed());

        var result = await _h.RunAsync(_h.Client.GenerateAsync(Requests.Valid()));

        Assert.Equal(GenerationTaskStatus.Completed, result.Task.Status);
        Assert.Equal(ApiStubs.TaskId, result.TaskId);
        Assert.NotEmpty(result.OutputUrls);
        Assert.Equal(1, _h.Received("/v1/images/generations", "POST"));
        Assert.Equal(2, _h.Received("/v1/tasks/" + ApiStubs.TaskId));
        var firstPoll = _h.Server.LogEntries.First(e => e.RequestMessage.Method == "GET");
        Assert.NotNull(firstPoll);
        // Two polls, each after a gap (completion is unlikely in a task's first seconds; the gap is at most 2.8 s).
        Assert.True(_h.Elapsed > TimeSpan.FromSeconds(5), $"elapsed {_h.Elapsed}");
    }

    [Fact]
    public async Task Download_streams_the_output_without_the_key()
    {
        using var files = WireMock.Server.WireMockServer.Start();
        var image = new byte[] { 0xFF, 0xD8, 0xFF, 0xE0, 1, 2, 3, 4 };
        files.Given(WireMock.RequestBuilders.Request.Create().WithPath("/images/a.jpg").UsingGet())
            .RespondWith(WireMock.ResponseBuilders.Response.Create().WithHeader("Content-Type", "image/jpeg").WithBody(image));
        using var destination = new MemoryStream();

        var written = await _h.Client.DownloadAsync(new Uri(files.Url + "/images/a.jpg"), destination);

        Assert.Equal(image.Length, written);
        Assert.Equal(image, destination.ToArray());
        var request = Assert.Single(files.LogEntries).RequestMessage;
        Assert.False(request.Headers!.ContainsKey("Authorization"));
        Assert.DoesNotContain(ClientHarness.ApiKey, string.Join("\n", request.Headers.SelectMany(h => h.Value)), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Download_to_file_writes_the_whole_image()
    {
        using var files = WireMock.Server.WireMockServer.Start();
        var image = Enumerable.Range(0, 300_000).Select(i => (byte)i).ToArray();
        files.Given(WireMock.RequestBuilders.Request.Create().WithPath("/b.png").UsingGet())
            .RespondWith(WireMock.ResponseBuilders.Response.Create().WithHeader("Content-Type", "image/png").WithBody(image));
        var path = Path.Combine(Path.GetTempPath(), "nb-" + Guid.NewGuid().ToString("N") + ".png");
        try
        {
            var written = await _h.Client.DownloadToFileAsync(new Uri(files.Url + "/b.png"), path);

            Assert.Equal(image.Length, written.Length);
            Assert.Equal(path, written.Path);
            Assert.Equal(image, await File.ReadAllBytesAsync(path));
            Assert.False(File.Exists(path + ".part"));
        }
        finally
        {
            File.Delete(path);
        }
    }

    private static async Task<List<GenerationTaskStatus>> Collect(IAsyncEnumerable<GenerationTask> tasks)
    {
        var statuses = new List<GenerationTaskStatus>();
        await foreach (var task in tasks) statuses.Add(task.Status);
        return statuses;
    }
}

using NanoBanana.Client;

namespace NanoBanana.Consumer.Tests;

/// <summary>Unit tests of a consumer of the client, written as a user would: a fake client, model-factory outputs.</summary>
public sealed class PosterServiceTests : IDisposable
{
    private static readonly Uri Output = new("https://file.example/out.png");
    private readonly string _folder = Directory.CreateTempSubdirectory("nanobanana-consumer-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private static GenerationTask Completed(string id) => NanoBananaModelFactory.GenerationTask(id, GenerationTaskStatus.Completed,
        output: NanoBananaModelFactory.TaskOutput([Output]));

    [Fact]
    public async Task A_poster_is_generated_and_saved()
    {
        var client = new FakeNanoBananaClient(_ => NanoBananaModelFactory.GenerationOperation("task-1",
            [NanoBananaModelFactory.GenerationTask("task-1", GenerationTaskStatus.Processing, progress: 50), Completed("task-1")]));

        var outcome = await new PosterService(client).DrawAsync("a lighthouse", _folder, CancellationToken.None);

        Assert.Equal("task-1", outcome.TaskId);
        Assert.Equal(FakeNanoBananaClient.Png, await File.ReadAllBytesAsync(outcome.Path!));
        var sent = Assert.Single(client.Started);
        Assert.Equal("a lighthouse", sent.Input.Prompt);
        Assert.Equal(AspectRatio.Landscape16x9, sent.Input.AspectRatio);
    }

    [Fact]
    public async Task Too_few_credits_asks_for_a_top_up()
    {
        var client = new FakeNanoBananaClient(_ => throw NanoBananaModelFactory.ApiException(402, NanoBananaErrorCodes.InsufficientCredits));

        var outcome = await new PosterService(client).DrawAsync("a lighthouse", _folder, CancellationToken.None);

        Assert.Equal("top up", outcome.Problem);
    }

    [Fact]
    public async Task A_failed_task_is_reported_with_its_code()
    {
        var client = new FakeNanoBananaClient(_ => NanoBananaModelFactory.GenerationOperation("task-2",
            [NanoBananaModelFactory.GenerationTask("task-2", GenerationTaskStatus.Failed, error: NanoBananaModelFactory.TaskError("upstream_error"))]));

        var outcome = await new PosterService(client).DrawAsync("a lighthouse", _folder, CancellationToken.None);

        Assert.Equal(("task-2", "failed: upstream_error"), (outcome.TaskId, outcome.Problem));
    }

    [Fact]
    public async Task A_cancellation_after_the_create_keeps_the_task_id()
    {
        using var cts = new CancellationTokenSource();
        var client = new FakeNanoBananaClient(_ =>
        {
            cts.Cancel(); // the user gives up once the task exists
            return NanoBananaModelFactory.GenerationOperation("task-3", [Completed("task-3")]);
        });

        var outcome = await new PosterService(client).DrawAsync("a lighthouse", _folder, cts.Token);

        Assert.Equal(("task-3", "canceled"), (outcome.TaskId, outcome.Problem));
        Assert.Empty(Directory.GetFiles(_folder));
    }
}

using NanoBanana.Client;

namespace NanoBanana.Client.Tests;

/// <summary><see cref="NanoBananaModelFactory"/>: outputs in any state, and an operation that plays task states.</summary>
public sealed class ModelFactoryTests
{
    private static readonly Uri Output = new("https://file.example/out.png");

    private static GenerationTask Task(GenerationTaskStatus status, double? progress = null) => status == GenerationTaskStatus.Completed
        ? NanoBananaModelFactory.GenerationTask("t-1", status, output: NanoBananaModelFactory.TaskOutput([Output], NanoBananaModelFactory.TaskOutputMetadata(costTime: TimeSpan.FromSeconds(9))))
        : status == GenerationTaskStatus.Failed
            ? NanoBananaModelFactory.GenerationTask("t-1", status, error: NanoBananaModelFactory.TaskError("upstream_error", "provider said no"))
            : NanoBananaModelFactory.GenerationTask("t-1", status, progress: progress);

    [Fact]
    public async Task An_operation_plays_its_states_to_the_result()
    {
        var operation = NanoBananaModelFactory.GenerationOperation("t-1",
            [Task(GenerationTaskStatus.Pending), Task(GenerationTaskStatus.Processing, 40), Task(GenerationTaskStatus.Completed)]);

        Assert.Null(operation.LastKnownTask);
        Assert.False(operation.HasCompleted);
        var result = await operation.WaitForCompletionAsync();

        Assert.Equal("t-1", result.TaskId);
        Assert.Equal([Output], result.OutputUrls);
        Assert.Equal(TimeSpan.FromSeconds(9), result.Task.Output!.Metadata!.CostTime);
        Assert.True(operation.HasCompleted);
        Assert.Same(result.Task, operation.LastKnownTask);
    }

    [Fact]
    public async Task Watching_yields_each_change_and_updates_read_one_state_each()
    {
        var states = new[]
        {
            Task(GenerationTaskStatus.Pending), Task(GenerationTaskStatus.Processing, 10), Task(GenerationTaskStatus.Processing, 10),
            Task(GenerationTaskStatus.Processing, 80), Task(GenerationTaskStatus.Failed),
        };
        var watched = NanoBananaModelFactory.GenerationOperation("t-1", states);
        var updated = NanoBananaModelFactory.GenerationOperation("t-1", states);

        var seen = new List<string>();
        await foreach (var task in watched.WatchAsync()) seen.Add($"{task.Status} {task.Progress}".Trim());

        Assert.Equal(["pending", "processing 10", "processing 80", "failed"], seen);
        Assert.Equal(GenerationTaskStatus.Pending, (await updated.UpdateStatusAsync()).Status);
        Assert.Equal(10, (await updated.UpdateStatusAsync()).Progress);
    }

    [Fact]
    public async Task A_failed_task_throws_and_an_unfinished_script_times_the_wait_out()
    {
        var failed = NanoBananaModelFactory.GenerationOperation("t-1", [Task(GenerationTaskStatus.Failed)]);
        var stuck = NanoBananaModelFactory.GenerationOperation("t-1", lastKnownTask: Task(GenerationTaskStatus.Processing));

        var failure = await Assert.ThrowsAsync<NanoBananaTaskFailedException>(() => failed.WaitForCompletionAsync());
        var timeout = await Assert.ThrowsAsync<NanoBananaWaitTimeoutException>(() => stuck.WaitForCompletionAsync(TimeSpan.FromMinutes(2)));

        Assert.Equal("upstream_error", failure.Task.Error?.Code);
        Assert.Equal(NanoBananaFailureCategory.TaskFailed, failure.Category);
        Assert.Equal(GenerationTaskStatus.Processing, timeout.LastStatus);
        Assert.Equal(TimeSpan.FromMinutes(2), timeout.Timeout);
    }

    [Fact]
    public async Task A_canceled_wait_throws_promptly()
    {
        var operation = NanoBananaModelFactory.GenerationOperation("t-1", [Task(GenerationTaskStatus.Completed)]);
        using var cts = new CancellationTokenSource();
        cts.Cancel();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => operation.WaitForCompletionAsync(cancellationToken: cts.Token));
    }

    [Fact]
    public void A_result_needs_a_completed_task_with_output()
    {
        Assert.Throws<ArgumentException>(() => NanoBananaModelFactory.GenerationResult(Task(GenerationTaskStatus.Processing)));
        Assert.Equal([Output], NanoBananaModelFactory.GenerationResult(Task(GenerationTaskStatus.Completed)).OutputUrls);
    }

    [Fact]
    public void Credits_keep_the_balance_and_the_body()
    {
        var credits = NanoBananaModelFactory.CreditsBalance(120.5m);

        Assert.Equal(120.5m, credits.Credits);
        Assert.Equal(120.5m, credits.AdditionalProperties["credits"].GetDecimal());
    }
}

using NanoBanana.Client;
using NanoBanana.Testing;
using WireMock.RequestBuilders;

namespace NanoBanana.Client.Tests;

public sealed class WaitTests : IDisposable
{
    private static readonly string TaskPath = "/v1/tasks/" + ApiStubs.TaskId;
    private readonly ClientHarness _h = new();

    public void Dispose() => _h.Dispose();

    [Fact]
    public async Task A_failed_task_throws_with_the_task_and_its_error()
    {
        _h.Server.ServeInSequence(ApiStubs.Processing(), ApiStubs.Failed(message: "prohibited content"));

        var ex = await Assert.ThrowsAsync<NanoBananaTaskFailedException>(() => _h.RunAsync(_h.Client.ResumeGeneration(ApiStubs.TaskId).WaitForCompletionAsync()));

        Assert.Equal(ApiStubs.TaskId, ex.TaskId);
        Assert.Equal("upstream_error", ex.Task.Error!.Code);
        Assert.Contains("prohibited content", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Watch_yields_a_failed_task_instead_of_throwing()
    {
        _h.Server.ServeInSequence(ApiStubs.Processing(), ApiStubs.Failed());
        var seen = new List<GenerationTaskStatus>();

        await _h.RunAsync(Task.Run(async () => { await foreach (var t in _h.Client.ResumeGeneration(ApiStubs.TaskId).WatchAsync()) seen.Add(t.Status); }));

        Assert.Equal([GenerationTaskStatus.Processing, GenerationTaskStatus.Failed], seen);
    }

    [Fact]
    public async Task Watch_yields_each_change_of_progress_within_a_status_and_no_repeat()
    {
        _h.Server.ServeInSequence(
            ApiStubs.Processing(progress: 20), ApiStubs.Processing(progress: 20), ApiStubs.Processing(progress: 55), ApiStubs.Processing(progress: 90), ApiStubs.Completed());
        var seen = new List<string>();

        await _h.RunAsync(Task.Run(async () =>
        {
            await foreach (var t in _h.Client.ResumeGeneration(ApiStubs.TaskId).WatchAsync()) seen.Add($"{t.Status} {t.Progress}");
        }));

        Assert.Equal(["processing 20", "processing 55", "processing 90"], seen[..^1]);
        Assert.StartsWith("completed", seen[^1], StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_wait_that_times_out_carries_the_task_id_to_resume()
    {
        _h.Server.Serve(ApiStubs.Processing());

        var ex = await Assert.ThrowsAsync<NanoBananaWaitTimeoutException>(() => _h.RunAsync(_h.Client.ResumeGeneration(ApiStubs.TaskId).WaitForCompletionAsync(TimeSpan.FromSeconds(60))));

        Assert.Equal(ApiStubs.TaskId, ex.TaskId);
        Assert.Equal(GenerationTaskStatus.Processing, ex.LastStatus);
        Assert.Contains("ResumeGeneration", ex.Message, StringComparison.Ordinal);
        Assert.True(_h.Elapsed >= TimeSpan.FromSeconds(60), $"elapsed {_h.Elapsed}");

        // Resuming finds the task once it completes.
        _h.Server.Reset();
        _h.Server.Serve(ApiStubs.Completed());
        var task = await _h.RunAsync(_h.Client.ResumeGeneration(ex.TaskId).WaitForCompletionAsync());
        Assert.Equal(GenerationTaskStatus.Completed, task.Task.Status);
    }

    [Fact]
    public async Task A_hanging_server_cannot_stretch_the_wait_past_its_timeout_by_more_than_one_attempt()
    {
        await using var server = HostileServer.Dropping(hang: true);
        using var h = new ClientHarness(o => { o.BaseUrl = server.Url; o.Retry.MaxRetries = 10; }, requestsHang: true);

        var ex = await Assert.ThrowsAsync<NanoBananaWaitTimeoutException>(() => h.RunAsync(h.Client.ResumeGeneration(ApiStubs.TaskId).WaitForCompletionAsync(TimeSpan.FromSeconds(250)), TimeSpan.FromSeconds(2)));

        Assert.Equal(ApiStubs.TaskId, ex.TaskId);
        Assert.True(h.Elapsed >= TimeSpan.FromSeconds(250));
        // Without the deadline, 11 attempts of 100 s each would run; with it, the wait ends by 350 s: at most 4 attempts.
        Assert.InRange(server.RequestCount, 1, 4);
    }

    [Fact]
    public async Task Cancellation_stops_polling_promptly()
    {
        _h.Server.Serve(ApiStubs.Processing());
        using var cts = new CancellationTokenSource();

        var wait = _h.Client.ResumeGeneration(ApiStubs.TaskId).WaitForCompletionAsync(TimeSpan.FromMinutes(10), cts.Token);
        while (_h.Received(TaskPath) < 2)
        {
            if (_h.Idle) _h.Time.Advance(TimeSpan.FromMilliseconds(200));
            await Task.Delay(5);
        }

        await cts.CancelAsync();
        var started = DateTime.UtcNow;
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => wait);
        Assert.True(DateTime.UtcNow - started < TimeSpan.FromSeconds(5));

        var polls = _h.Received(TaskPath);
        _h.Time.Advance(TimeSpan.FromMinutes(5));
        await Task.Delay(50);
        Assert.Equal(polls, _h.Received(TaskPath));
    }

    [Fact]
    public async Task A_poll_honours_Retry_After_on_a_pending_answer()
    {
        _h.Server.Given(Request.Create().WithPath(TaskPath).UsingGet()).InScenario("r").WillSetStateTo("done")
            .RespondWith(ApiStubs.Pending().ToResponse().WithHeader("Retry-After", "20"));
        _h.Server.Given(Request.Create().WithPath(TaskPath).UsingGet()).InScenario("r").WhenStateIs("done")
            .RespondWith(ApiStubs.Completed().ToResponse());

        var wait = _h.Client.ResumeGeneration(ApiStubs.TaskId).WaitForCompletionAsync();
        while (_h.Received(TaskPath) < 1) await Task.Delay(5);
        for (var i = 0; i < 199; i++)
        {
            _h.Time.Advance(TimeSpan.FromMilliseconds(100));
            await Task.Delay(1);
        }

        Assert.Equal(1, _h.Received(TaskPath));
        await _h.RunAsync(wait);
        Assert.Equal(2, _h.Received(TaskPath));
    }

    [Fact]
    public async Task Polling_continues_through_transient_errors_once_retries_are_spent()
    {
        using var h = new ClientHarness(o => o.Retry.MaxRetries = 0);
        h.Server.ServeInSequence(ApiStubs.Processing(), ApiStubs.Error("getTask", "internal_error"), ApiStubs.Completed());

        var task = await h.RunAsync(h.Client.ResumeGeneration(ApiStubs.TaskId).WaitForCompletionAsync());

        Assert.Equal(GenerationTaskStatus.Completed, task.Task.Status);
    }

    [Fact]
    public async Task Waiting_on_a_task_created_here_does_not_poll_at_once()
    {
        _h.Server.Serve(ApiStubs.Created());
        _h.Server.ServeInSequence(ApiStubs.Processing(), ApiStubs.Completed());

        var operation = await _h.Client.StartGenerationAsync(Requests.Valid());
        var wait = operation.WaitForCompletionAsync();
        for (var i = 0; i < 25; i++)
        {
            _h.Time.Advance(TimeSpan.FromMilliseconds(100));
            await Task.Delay(2);
        }

        Assert.Equal(0, _h.Received(TaskPath)); // nothing in the first 2.5 s: a task takes about 12 s (the first gap is capped at 2.8 s)
        await _h.RunAsync(wait);
        Assert.Equal(2, _h.Received(TaskPath));
    }

    [Fact]
    public async Task A_missing_task_stops_the_wait()
    {
        _h.Server.Serve(ApiStubs.Error("getTask", "task_not_found"));

        await Assert.ThrowsAsync<NanoBananaNotFoundException>(() => _h.RunAsync(_h.Client.ResumeGeneration(ApiStubs.TaskId).WaitForCompletionAsync()));

        Assert.Equal(1, _h.Received(TaskPath));
    }

    [Fact]
    public async Task The_client_learns_task_durations_from_costTime()
    {
        _h.Server.Serve(ApiStubs.Completed(costTime: 40_000));
        var before = _h.Client.Estimator.Quantile(0.5);

        for (var i = 0; i < 5; i++) await _h.RunAsync(_h.Client.ResumeGeneration(ApiStubs.TaskId).WaitForCompletionAsync());

        Assert.Equal(5, _h.Client.Estimator.Observations);
        Assert.True(_h.Client.Estimator.Quantile(0.5) > before * 2, $"median {_h.Client.Estimator.Quantile(0.5)}");
    }
}

using NanoBanana.Simulator;

namespace NanoBanana.Batch.Tests;

/// <summary>The batch runner against the simulator: every item once, resumes without paying twice, each failure where it belongs.</summary>
public sealed class RunnerTests
{
    private static readonly string[] Prompts = ["a red banana", "a blue banana", "a green banana", "a gold banana", "a pink banana", "a grey banana"];

    [Fact]
    public async Task Every_item_is_created_once_completed_and_saved_and_a_rerun_creates_nothing()
    {
        await using var h = RunnerHarness.Start();
        var items = RunnerHarness.Items(Prompts);

        var (summary, entries) = await h.RunAsync(items);

        Assert.True(summary.AllCompleted, summary.ToString());
        Assert.Equal(Prompts.Length, summary.CreatesSent);
        Assert.Equal(Prompts.Length, h.Simulator.TasksCreated);
        Assert.All(entries, e => Assert.True(File.Exists(Assert.Single(e.Files)), e.Key));
        Assert.All(entries, e => Assert.Equal(e.Key + ".png", Path.GetFileName(e.Files[0])));

        var (again, _) = await h.RunAsync(items);
        Assert.Equal(0, again.CreatesSent);
        Assert.Equal(Prompts.Length, h.Simulator.CreatesReceived);
        Assert.True(again.AllCompleted);
    }

    [Fact]
    public async Task A_missing_output_file_is_downloaded_again_without_a_create()
    {
        await using var h = RunnerHarness.Start();
        var items = RunnerHarness.Items(Prompts[..2]);
        var (_, entries) = await h.RunAsync(items);
        File.Delete(entries[1].Files[0]);

        var (summary, after) = await h.RunAsync(items);

        Assert.Equal(0, summary.CreatesSent);
        Assert.Equal(2, h.Simulator.CreatesReceived);
        Assert.True(File.Exists(after[1].Files[0]));
    }

    [Fact]
    public async Task A_create_with_an_unknown_outcome_is_marked_unknown_and_created_again_only_on_request()
    {
        await using var h = RunnerHarness.Start();
        var items = RunnerHarness.Items(Prompts[..3]);
        // The simulator takes the first create (and bills it), then drops the connection before answering.
        h.Simulator.InjectFault(SimulatorFault.DropConnection(times: 1, operation: SimulatorOperation.CreateTask));

        var (summary, entries) = await h.RunAsync(items);

        Assert.Equal(1, summary.Counts.Unknown);
        Assert.Equal(2, summary.Counts.Completed);
        var unknown = Assert.Single(entries, e => e.State == BatchItemState.Unknown);
        Assert.Null(unknown.TaskId);
        Assert.Equal(3, h.Simulator.TasksCreated); // the dropped create did create a task

        var (resumed, _) = await h.RunAsync(items);
        Assert.Equal(0, resumed.CreatesSent); // never re-created by itself
        Assert.Equal(1, resumed.Counts.Unknown);

        var (retried, final) = await h.RunAsync(items, retryUnknown: true);
        Assert.Equal(1, retried.CreatesSent);
        Assert.True(retried.AllCompleted);
        var perPrompt = h.CreatesPerPrompt();
        Assert.Equal(2, perPrompt[unknown.Request.Input.Prompt]); // the user asked for it
        Assert.All(final.Where(e => e.Key != unknown.Key), e => Assert.Equal(1, perPrompt[e.Request.Input.Prompt]));
    }

    [Fact]
    public async Task Insufficient_credits_stop_creating_finish_what_exists_and_a_resume_completes_the_rest()
    {
        await using var h = RunnerHarness.Start(credits: 30);
        var items = RunnerHarness.Items(Prompts[..5]);

        var (summary, entries) = await h.RunAsync(items);

        Assert.Equal(BatchStop.Billing, summary.Stop);
        Assert.Equal(3, summary.Counts.Completed);
        Assert.Equal(2, summary.Counts.Planned);
        Assert.Equal(0, summary.Counts.Unknown);
        Assert.Equal(3, h.Simulator.TasksCreated);
        Assert.All(entries.Where(e => e.State == BatchItemState.Planned), e => Assert.Null(e.TaskId));

        h.Simulator.Credits = 1000;
        var (resumed, _) = await h.RunAsync(items);
        Assert.True(resumed.AllCompleted, resumed.ToString());
        Assert.Equal(5, h.Simulator.TasksCreated);
        // The first run's items were sent once; the refused ones (402: no task) once more on the resume.
        var perPrompt = h.CreatesPerPrompt();
        Assert.All(entries.Where(e => e.State == BatchItemState.Completed), e => Assert.Equal(1, perPrompt[e.Request.Input.Prompt]));
    }

    [Fact]
    public async Task A_failed_task_is_failed_and_an_invalid_request_refused_and_neither_is_sent_again()
    {
        await using var h = RunnerHarness.Start();
        var invalid = Requests.Valid(new string('x', 20_001));
        var items = new List<BatchItem>(RunnerHarness.Items("a banana [fail]", "a fine banana")) { new("too-long", invalid) };

        var (summary, entries) = await h.RunAsync(items);

        Assert.Equal(1, summary.Counts.Failed); // the task failed
        Assert.Equal(1, summary.Counts.Refused); // the request is outside the contract: never sent, nothing billed
        Assert.Equal(1, summary.Counts.Completed);
        Assert.Contains("failed", entries[0].Reason, StringComparison.Ordinal);
        Assert.Contains("prompt", entries[2].Reason, StringComparison.Ordinal);
        Assert.Equal(2, h.Simulator.CreatesReceived); // the invalid one never left the process

        var (again, _) = await h.RunAsync(items);
        Assert.Equal(0, again.CreatesSent);
    }

    [Fact]
    public async Task A_wait_timeout_leaves_items_created_and_a_resume_waits_on_their_task_ids()
    {
        await using var h = RunnerHarness.Start();
        var items = RunnerHarness.Items(Prompts[..2]);

        var (summary, entries) = await h.RunAsync(items, waitTimeout: TimeSpan.FromSeconds(1));

        Assert.Equal(2, summary.TimedOut);
        Assert.Equal(2, summary.Counts.Created);
        Assert.All(entries, e => Assert.NotNull(e.TaskId));

        var (resumed, final) = await h.RunAsync(items);
        Assert.True(resumed.AllCompleted);
        Assert.Equal(0, resumed.CreatesSent);
        Assert.Equal(entries.Select(e => e.TaskId), final.Select(e => e.TaskId));
    }

    [Fact]
    public async Task An_item_left_creating_by_a_crash_becomes_unknown_and_is_not_created()
    {
        await using var h = RunnerHarness.Start();
        var items = RunnerHarness.Items(Prompts[..2]);
        await using (var ledger = await SqliteGenerationLedger.OpenAsync(h.LedgerPath))
        {
            await ledger.PlanAsync("input-hash", items);
            await ledger.TryMarkCreatingAsync("item-1", "a-runner-that-died"); // the process died here, its create maybe sent
        }

        var (summary, entries) = await h.RunAsync(items);

        Assert.Equal(BatchItemState.Unknown, entries[0].State);
        Assert.Equal(BatchItemState.Completed, entries[1].State);
        Assert.Equal(1, h.Simulator.CreatesReceived);
        Assert.Equal(1, summary.Counts.Unknown);
    }

    [Fact]
    public async Task An_api_that_cannot_be_reached_leaves_every_item_planned_never_unknown()
    {
        Uri closed;
        await using (var gone = NanoBananaSimulator.Start())
        {
            closed = gone.Url;
        }

        using var folder = new TempFolder();
        var time = new Microsoft.Extensions.Time.Testing.FakeTimeProvider();
        using var client = new NanoBanana.Client.NanoBananaClient(
            new NanoBanana.Client.NanoBananaClientOptions { ApiKey = NanoBananaSimulator.ApiKey, BaseUrl = closed }, null, null, null, time);
        await using var ledger = await SqliteGenerationLedger.OpenAsync(folder.Ledger, null);
        await ledger.PlanAsync("h", RunnerHarness.Items(Prompts[..3]));

        var run = new BatchRunner(client, ledger, new BatchRunnerOptions { OutputFolder = folder.Path, TimeProvider = time }).RunAsync();
        while (!run.IsCompleted)
        {
            await Task.WhenAny(run, Task.Delay(2));
            if (!run.IsCompleted) time.Advance(TimeSpan.FromSeconds(1));
        }

        var summary = await run;
        Assert.Equal(BatchStop.Error, summary.Stop);
        Assert.Equal(3, summary.Counts.Planned);
        Assert.Equal(0, summary.Counts.Unknown);
        Assert.Equal(0, summary.CreatesSent);
    }
}

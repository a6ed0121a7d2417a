using System.Text.Json;
using Microsoft.Extensions.Time.Testing;
using NanoBanana.Simulator;
using NanoBanana.Testing;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;
using WireMock.Server;

namespace NanoBanana.Cli.Tests;

/// <summary>
/// <c>nanobanana batch</c> at its edges, in-process against the simulator (or an API double) on a fake clock:
/// output names that collide, an item whose output cannot be saved, a task not found at first, creates that keep
/// ending unknown, a refused prompt, rate limits, an output folder that belongs to another batch.
/// </summary>
public sealed class BatchEdgeTests : IAsyncDisposable
{
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 12, 4, 0, 0, 0, TimeSpan.Zero));
    private readonly NanoBananaSimulator _simulator;
    private readonly string _folder = Cli.TempFolder();

    public BatchEdgeTests()
    {
        _simulator = NanoBananaSimulator.Start(new SimulatorOptions { TaskDuration = TimeSpan.FromSeconds(3), TimeProvider = _clock, InitialCredits = 10_000 });
    }

    public async ValueTask DisposeAsync()
    {
        await _simulator.DisposeAsync();
        Directory.Delete(_folder, recursive: true);
    }

    private string Out => Path.Combine(_folder, "out");

    /// <summary>Every create that reached the simulator, answered with an injected fault or not.</summary>
    private int CreatesSent => _simulator.Requests.Count(r => r.Operation == SimulatorOperation.CreateTask);

    private string Write(string name, params string[] lines)
    {
        var path = Path.Combine(_folder, name);
        File.WriteAllLines(path, lines);
        return path;
    }

    private Task<CliRun> Batch(params string[] args) =>
        Cli.RunAsync(["batch", .. args, "--base-url", _simulator.Url.AbsoluteUri], clock: _clock, currentDirectory: _folder);

    [Theory]
    [InlineData("1")]
    [InlineData("8")]
    public async Task Ids_that_name_the_same_output_file_are_bad_input_naming_both_lines_and_nothing_is_sent(string concurrency)
    {
        var file = Write("in.jsonl",
            """{"prompt": "one", "id": "cat dog"}""",
            """{"prompt": "two", "id": "cat_dog"}""",
            """{"prompt": "three", "id": "a/b"}""",
            """{"prompt": "four", "id": "a_b"}""",
            """{"prompt": "five", "id": "x"}""",
            """{"prompt": "six", "id": ".x"}""",
            """{"prompt": "seven", "id": "Hero"}""",
            """{"prompt": "eight", "id": "hero"}""",
            """{"prompt": "nine", "id": "fine"}""");

        var run = await Batch(file, "--out", Out, "--concurrency", concurrency);

        Assert.Equal(2, run.ExitCode);
        Assert.Contains(run.StderrLines, l => l.Contains("line 2:", StringComparison.Ordinal) && l.Contains("cat dog", StringComparison.Ordinal) && l.Contains("line 1", StringComparison.Ordinal));
        Assert.Contains(run.StderrLines, l => l.Contains("line 4:", StringComparison.Ordinal) && l.Contains("line 3", StringComparison.Ordinal));
        Assert.Contains(run.StderrLines, l => l.Contains("line 6:", StringComparison.Ordinal) && l.Contains("line 5", StringComparison.Ordinal));
        Assert.Contains(run.StderrLines, l => l.Contains("line 8:", StringComparison.Ordinal) && l.Contains("line 7", StringComparison.Ordinal));
        Assert.Equal(0, _simulator.CreatesReceived);
    }

    [Fact]
    public async Task An_id_of_300_characters_is_bad_input_before_anything_is_sent()
    {
        var file = Write("in.jsonl", """{"prompt": "one", "id": "ok"}""", $$"""{"prompt": "two", "id": "{{new string('l', 300)}}"}""");

        var run = await Batch(file, "--out", Out);

        Assert.Equal(2, run.ExitCode);
        Assert.Contains(run.StderrLines, l => l.StartsWith("error: line 2:", StringComparison.Ordinal) && l.Contains("300 characters", StringComparison.Ordinal));
        Assert.Equal(0, _simulator.CreatesReceived);
    }

    [Fact]
    public async Task A_transient_task_not_found_right_after_the_create_is_asked_again_and_the_batch_completes()
    {
        var file = Write("in.jsonl", """{"prompt": "one"}""", """{"prompt": "two"}""");
        _simulator.InjectFault(SimulatorFault.Error("task_not_found", times: 1, operation: SimulatorOperation.GetTask));

        var run = await Batch(file, "--out", Out, "--json");

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Equal(2, run.Json().GetProperty("completed").GetInt32());
        Assert.Equal(2, _simulator.CreatesReceived);
    }

    [Fact]
    public async Task Three_creates_in_a_row_with_an_unknown_outcome_trip_the_circuit_breaker_exit_8_and_nothing_more_is_sent()
    {
        var file = Write("in.jsonl", Enumerable.Range(1, 10).Select(i => $$"""{"prompt": "prompt {{i}}"}""").ToArray());
        _simulator.InjectFault(SimulatorFault.Error("internal_error", times: 100, operation: SimulatorOperation.CreateTask));

        var run = await Batch(file, "--out", Out, "--json");

        Assert.Equal(8, run.ExitCode);
        Assert.Equal(3, CreatesSent);
        var summary = run.Json();
        Assert.Equal(3, summary.GetProperty("unknown").GetInt32());
        Assert.Equal(7, summary.GetProperty("planned").GetInt32());
        Assert.Contains("circuit breaker", run.Stderr, StringComparison.Ordinal);
        Assert.Contains("resume with: nanobanana batch --resume", run.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_503_refusal_of_one_prompt_refuses_that_item_only_and_retry_failed_creates_it_again()
    {
        var file = Write("in.jsonl", """{"prompt": "refused", "id": "r"}""", """{"prompt": "two", "id": "b"}""", """{"prompt": "three", "id": "c"}""");
        _simulator.InjectFault(SimulatorFault.Error("upstream_error", times: 1, operation: SimulatorOperation.CreateTask));

        var run = await Batch(file, "--out", Out, "--json");

        Assert.Equal(6, run.ExitCode);
        var summary = run.Json();
        Assert.Equal(2, summary.GetProperty("completed").GetInt32());
        Assert.Equal("r", Assert.Single(summary.GetProperty("failed_items").EnumerateArray()).GetProperty("key").GetString());
        Assert.Contains("--retry-failed", run.Stderr, StringComparison.Ordinal);

        var plain = await Batch("--resume", Out);
        Assert.Equal(6, plain.ExitCode);
        Assert.Equal(3, CreatesSent); // a plain resume does not send it again

        var retried = await Batch("--resume", Out, "--retry-failed");
        Assert.True(retried.ExitCode == 0, retried.ToString());
        Assert.Equal(["b.png", "c.png", "r.png"], Directory.GetFiles(Out, "*.png").Select(Path.GetFileName).Order());
    }

    [Fact]
    public async Task Rate_limits_with_retry_after_slow_the_batch_down_and_it_completes()
    {
        var file = Write("in.jsonl", Enumerable.Range(1, 4).Select(i => $$"""{"prompt": "prompt {{i}}"}""").ToArray());
        // More 429s than the client's own retries (10), so the batch itself meets them.
        _simulator.InjectFault(SimulatorFault.RateLimit(TimeSpan.FromSeconds(2), times: 25, operation: SimulatorOperation.CreateTask));

        var run = await Batch(file, "--out", Out, "--json");

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Equal(4, run.Json().GetProperty("completed").GetInt32());
        Assert.Equal(4, _simulator.TasksCreated);
    }

    [Fact]
    public async Task An_output_folder_of_another_batch_is_refused_unless_forced_and_its_images_are_never_replaced()
    {
        var file = Write("in.jsonl", """{"prompt": "one", "id": "hero"}""");
        Assert.Equal(0, (await Batch(file, "--out", Out)).ExitCode);
        var first = await File.ReadAllBytesAsync(Path.Combine(Out, "hero.png"));
        File.Delete(Path.Combine(Out, ".nanobanana-batch.db")); // the ledger lost (or a second one aimed at the folder)

        var again = await Batch(file, "--out", Out);

        Assert.Equal(2, again.ExitCode);
        Assert.Contains("belongs to another batch", again.Stderr, StringComparison.Ordinal);
        Assert.Equal(1, _simulator.CreatesReceived);

        var forced = await Batch(file, "--out", Out, "--force", "--json");
        Assert.Equal(6, forced.ExitCode);
        Assert.Equal(first, await File.ReadAllBytesAsync(Path.Combine(Out, "hero.png")));
        Assert.Contains("never replaced", forced.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_output_url_the_client_refuses_fails_that_item_only_and_the_others_complete()
    {
        using var api = WireMockServer.Start();
        var png = Convert.FromBase64String("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==");
        foreach (var id in new[] { "good-1", "poison", "good-2" })
        {
            api.Serve(ApiStubs.Created(id) with { RequestBodyMatch = new Dictionary<string, string> { ["input.prompt"] = id } });
            var url = id == "poison" ? "http://example.com/x.png" : $"{api.Url}/out/{id}.png";
            api.Serve(ApiStubs.Completed(id, url) with { Path = $"/v1/tasks/{id}" });
            api.Given(Request.Create().WithPath($"/out/{id}.png").UsingGet())
                .RespondWith(Response.Create().WithStatusCode(200).WithHeader("Content-Type", "image/png").WithBody(png));
        }

        var file = Write("in.jsonl", """{"prompt": "good-1", "id": "a"}""", """{"prompt": "poison", "id": "b"}""", """{"prompt": "good-2", "id": "c"}""");

        var run = await Cli.RunAsync(["batch", file, "--out", Out, "--concurrency", "1", "--json", "--base-url", api.Url!],
            clock: _clock, currentDirectory: _folder);

        Assert.Equal(6, run.ExitCode);
        var summary = run.Json();
        Assert.Equal(2, summary.GetProperty("completed").GetInt32());
        var failed = Assert.Single(summary.GetProperty("failed_items").EnumerateArray());
        Assert.Equal("b", failed.GetProperty("key").GetString());
        Assert.Equal("poison", failed.GetProperty("task_id").GetString());
        Assert.Equal(["a.png", "c.png"], Directory.GetFiles(Out, "*.png").Select(Path.GetFileName).Order());

        var status = await Cli.RunAsync(["batch", "status", Out]);
        Assert.Contains(status.StdoutLines, l => l.StartsWith("b\t", StringComparison.Ordinal) && l.Contains("poison", StringComparison.Ordinal));
    }
}

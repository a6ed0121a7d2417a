using System.Text.Json;
using Microsoft.Extensions.Time.Testing;
using NanoBanana.Simulator;

namespace NanoBanana.Cli.Tests;

/// <summary><c>nanobanana batch</c> in-process against a simulator on a fake clock: input checks, ledger, exit codes.</summary>
public sealed class BatchCommandTests : IAsyncDisposable
{
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 12, 4, 0, 0, 0, TimeSpan.Zero));
    private readonly NanoBananaSimulator _simulator;
    private readonly string _folder = Cli.TempFolder();

    public BatchCommandTests()
    {
        _simulator = NanoBananaSimulator.Start(new SimulatorOptions { TaskDuration = TimeSpan.FromSeconds(3), TimeProvider = _clock });
    }

    public async ValueTask DisposeAsync()
    {
        await _simulator.DisposeAsync();
        Directory.Delete(_folder, recursive: true);
    }

    private string Out => Path.Combine(_folder, "out");

    private string Write(string name, params string[] lines)
    {
        var path = Path.Combine(_folder, name);
        File.WriteAllLines(path, lines);
        return path;
    }

    private Task<CliRun> Batch(params string[] args) =>
        Cli.RunAsync(["batch", .. args, "--base-url", _simulator.Url.AbsoluteUri], clock: _clock, currentDirectory: _folder);

    [Fact]
    public async Task Bad_lines_are_each_named_with_their_number_and_nothing_is_sent_or_written()
    {
        var file = Write("in.jsonl",
            """{"prompt": "a fine banana"}""",
            """{"promt": "typo"}""",
            "not json",
            """{"prompt": "a banana", "aspect_ratio": "7:3"}""",
            """{"prompt": "", "id": "empty"}""",
            """{"prompt": "a banana", "image_urls": ["ftp://x/y.png"]}""");

        foreach (var dryRun in new[] { true, false })
        {
            var run = await Batch(dryRun ? [file, "--out", Out, "--dry-run"] : [file, "--out", Out]);

            Assert.Equal(2, run.ExitCode);
            Assert.Contains(run.StderrLines, l => l.StartsWith("error: line 2: unknown field 'promt'", StringComparison.Ordinal));
            Assert.Contains(run.StderrLines, l => l.StartsWith("error: line 3: not valid JSON", StringComparison.Ordinal));
            Assert.Contains(run.StderrLines, l => l.StartsWith("error: line 4: aspect_ratio: '7:3'", StringComparison.Ordinal));
            Assert.Contains(run.StderrLines, l => l.StartsWith("error: line 5: prompt:", StringComparison.Ordinal));
            Assert.Contains(run.StderrLines, l => l.StartsWith("error: line 6: image_urls:", StringComparison.Ordinal));
            Assert.DoesNotContain(run.StderrLines, l => l.Contains("line 1:", StringComparison.Ordinal));
            Assert.Contains("5 invalid line(s)", run.Stderr, StringComparison.Ordinal);
        }

        Assert.Equal(0, _simulator.CreatesReceived);
        Assert.Equal(0, _simulator.CreditQueriesReceived);
        Assert.False(Directory.Exists(Out));
    }

    [Fact]
    public async Task Dry_run_prints_the_count_and_the_cost_against_the_balance_and_creates_nothing()
    {
        var file = Write("in.jsonl", """{"prompt": "one"}""", """{"prompt": "two"}""", """{"prompt": "three"}""");

        var keyFile = Path.Combine(_folder, "key.txt");
        await File.WriteAllTextAsync(keyFile, NanoBananaSimulator.ApiKey + "\n");
        var run = await Batch(file, "--dry-run", "--api-key-file", keyFile);
        var json = await Batch(file, "--dry-run", "--json", "--api-key-file", keyFile);

        Assert.Equal(0, run.ExitCode);
        Assert.Equal("3 item(s) valid; cost: 30 credits (3 x 10); balance: 1000 credits", Assert.Single(run.StdoutLines));
        Assert.Equal(30, json.Json().GetProperty("credits_needed").GetInt32());
        Assert.Equal(0, _simulator.CreatesReceived);
    }

    [Fact]
    public async Task A_csv_batch_completes_names_files_by_id_and_status_reports_the_counts()
    {
        var file = Write("in.csv",
            "id,prompt,aspect_ratio",
            "hero,\"a banana, on a desk\",16:9",
            "side,a banana from the side,",
            ",a third banana,1:1");

        var run = await Batch(file, "--out", Out, "--json");

        Assert.Equal(0, run.ExitCode);
        var summary = run.Json();
        Assert.Equal(3, summary.GetProperty("completed").GetInt32());
        Assert.Equal(3, summary.GetProperty("creates_sent").GetInt32());
        Assert.Equal(["hero.png", "line-4.png", "side.png"], Directory.GetFiles(Out, "*.png").Select(Path.GetFileName).Order());
        Assert.All(Directory.GetFiles(Out, "*.png"), f => Assert.True(Cli.IsPng(f)));
        var bodies = _simulator.Requests.Where(r => r.Operation == SimulatorOperation.CreateTask).Select(r => JsonDocument.Parse(r.Body!).RootElement).ToList();
        Assert.Contains(bodies, b => b.GetProperty("input").GetProperty("prompt").GetString() == "a banana, on a desk"
                                     && b.GetProperty("input").GetProperty("aspect_ratio").GetString() == "16:9");

        var status = await Cli.RunAsync(["batch", "status", Out, "--json"]);
        Assert.Equal(0, status.ExitCode);
        Assert.Equal(3, status.Json().GetProperty("completed").GetInt32());
        Assert.Equal(3, status.Json().GetProperty("items").GetInt32());

        var again = await Batch(file, "--out", Out);
        Assert.Equal(0, again.ExitCode);
        Assert.Equal(3, _simulator.CreatesReceived);
    }

    [Fact]
    public async Task A_ledger_from_another_batch_file_is_refused_before_any_create()
    {
        var first = Write("a.jsonl", """{"prompt": "one"}""");
        var second = Write("b.jsonl", """{"prompt": "two"}""");
        Assert.Equal(0, (await Batch(first, "--out", Out)).ExitCode);

        var run = await Batch(second, "--out", Out);

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("records another batch", run.Stderr, StringComparison.Ordinal);
        Assert.Equal(1, _simulator.CreatesReceived);
    }

    [Fact]
    public async Task A_ledger_on_a_full_disk_is_a_clear_error_before_any_create()
    {
        Assert.True(OperatingSystem.IsLinux(), "uses /dev/full");
        var file = Write("in.jsonl", """{"prompt": "one"}""");

        var run = await Batch(file, "--out", Out, "--ledger", "/dev/full");

        Assert.Equal(1, run.ExitCode);
        Assert.StartsWith("error: the ledger /dev/full cannot be written", run.StderrLines[^1], StringComparison.Ordinal);
        Assert.Equal(0, _simulator.CreatesReceived);
    }

    [Fact]
    public async Task Insufficient_credits_stop_creating_exit_4_with_the_resume_command_and_the_resume_completes()
    {
        _simulator.Credits = 20;
        var file = Write("in.jsonl", """{"prompt": "one"}""", """{"prompt": "two"}""", """{"prompt": "three"}""", """{"prompt": "four"}""");

        var run = await Batch(file, "--out", Out, "--concurrency", "1");

        Assert.Equal(4, run.ExitCode);
        Assert.Contains($"resume with: nanobanana batch --resume {Out} --base-url {_simulator.Url.AbsoluteUri}", run.Stderr, StringComparison.Ordinal);
        Assert.Equal(2, Directory.GetFiles(Out, "*.png").Length);
        Assert.Equal(2, _simulator.TasksCreated);

        _simulator.Credits = 1000;
        var resumed = await Batch("--resume", Out);
        Assert.Equal(0, resumed.ExitCode);
        Assert.Equal(4, Directory.GetFiles(Out, "*.png").Length);
        Assert.Equal(4, _simulator.TasksCreated);
    }

    [Fact]
    public async Task A_failed_task_exits_6_and_an_unknown_create_exits_8_until_retried_on_purpose()
    {
        var file = Write("in.jsonl", """{"prompt": "fine", "id": "ok"}""", """{"prompt": "bad [fail]", "id": "bad"}""", """{"prompt": "dropped", "id": "drop"}""");
        _simulator.InjectFault(SimulatorFault.DropConnection(times: 1, operation: SimulatorOperation.CreateTask));

        // Concurrency 1: the first create ("ok") is the one dropped.
        var run = await Batch(file, "--out", Out, "--concurrency", "1", "--json");

        Assert.Equal(8, run.ExitCode);
        Assert.Equal("ok", Assert.Single(run.Json().GetProperty("unknown_items").EnumerateArray()).GetString());
        Assert.Contains("--retry-unknown", run.Stderr, StringComparison.Ordinal);

        var resumed = await Batch("--resume", Out);
        Assert.Equal(8, resumed.ExitCode);
        Assert.Equal(3, _simulator.CreatesReceived);

        var retried = await Batch("--resume", Out, "--retry-unknown");
        Assert.Equal(6, retried.ExitCode);
        Assert.Equal(4, _simulator.CreatesReceived);
        Assert.Contains("failed: bad:", retried.Stderr, StringComparison.Ordinal);
        Assert.Equal(["drop.png", "ok.png"], Directory.GetFiles(Out, "*.png").Select(Path.GetFileName).Order());
    }

    [Fact]
    public async Task A_second_run_on_a_ledger_in_use_is_refused_before_any_create()
    {
        var file = Write("in.jsonl", """{"prompt": "one"}""");
        Directory.CreateDirectory(Out);
        // What a running batch holds: the ledger's lock file, exclusively.
        using (new FileStream(Path.Combine(Out, ".nanobanana-batch.db.lock"), FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None))
        {
            var run = await Batch(file, "--out", Out);

            Assert.Equal(1, run.ExitCode);
            Assert.Contains("another nanobanana batch is running", run.Stderr, StringComparison.Ordinal);
            Assert.Equal(0, _simulator.CreatesReceived);
        }

        Assert.Equal(0, (await Batch(file, "--out", Out)).ExitCode);
        Assert.Equal(1, _simulator.CreatesReceived);
    }

    [Fact]
    public async Task On_a_terminal_progress_is_one_live_bar_with_the_counts_not_a_line_per_item()
    {
        var file = Write("in.jsonl", """{"prompt": "one"}""", """{"prompt": "two [fail]"}""", """{"prompt": "three"}""");

        var run = await Cli.RunAsync(["batch", file, "--out", Out, "--yes", "--base-url", _simulator.Url.AbsoluteUri],
            clock: _clock, currentDirectory: _folder, terminal: true);

        Assert.Equal(6, run.ExitCode);
        Assert.Contains("done 2", run.Stderr, StringComparison.Ordinal);
        Assert.Contains("failed 1", run.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain(": created task ", run.Stderr, StringComparison.Ordinal);
        Assert.Equal("3 items: 2 completed, 1 failed, 0 refused, 0 not saved, 0 unknown, 0 created (not finished), 0 planned", Assert.Single(run.StdoutLines));
    }
}

using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using NanoBanana.Batch;
using NanoBanana.Client;
using NanoBanana.Simulator;

// usage: NanoBanana.Batch.Bench [--items N] [--concurrency N] [--task-duration-ms N] [--results DIR]
// Runs one batch of N generations through BatchRunner + SqliteGenerationLedger against the simulator (in this
// process, on loopback, real time) and writes bench/results/batch-N.{md,json}: wall time, creates sent and
// received (must equal N), peak memory, ledger size, output bytes.
var items = Arg("--items", 10_000);
var concurrency = Arg("--concurrency", 64);
var taskDuration = TimeSpan.FromMilliseconds(Arg("--task-duration-ms", 500));
var resultsDir = ArgText("--results", "bench/results")!;

var work = Path.Combine(Path.GetTempPath(), "nanobanana-batch-bench-" + Guid.NewGuid().ToString("N")[..8]);
Directory.CreateDirectory(work);
try
{
    await using var simulator = NanoBananaSimulator.Start(new SimulatorOptions
    {
        Host = "127.0.0.1",
        TaskDuration = taskDuration,
        InitialCredits = items * NanoBananaSimulator.CreditsPerImage,
        RecordRequests = false, // 10,000 recorded bodies would be the simulator's memory, not the batch's
    });
    var options = new NanoBananaClientOptions { ApiKey = NanoBananaSimulator.ApiKey, BaseUrl = simulator.Url };
    options.Polling.ExpectedDuration = taskDuration;
    options.Polling.MinInterval = TimeSpan.FromMilliseconds(50);
    using var client = new NanoBananaClient(options);

    var batch = Enumerable.Range(1, items).Select(i => new BatchItem($"item-{i:D5}",
        // 8:1 (1024x128): a small image, so 10,000 downloads stay under a gigabyte.
        GenerationRequest.FromPrompt($"benchmark banana number {i}", new GenerationOptions { AspectRatio = AspectRatio.Landscape8x1 }))).ToList();
    var ledgerPath = Path.Combine(work, ".nanobanana-batch.db");

    var clock = Stopwatch.StartNew();
    await using (var ledger = await SqliteGenerationLedger.OpenAsync(ledgerPath))
    {
        await ledger.PlanAsync("bench-" + items, batch);
        var planned = clock.Elapsed;
        var runner = new BatchRunner(client, ledger, new BatchRunnerOptions { Concurrency = concurrency, OutputFolder = work });
        var summary = await runner.RunAsync();
        var wall = clock.Elapsed;

        var process = Process.GetCurrentProcess();
        process.Refresh();
        var ledgerBytes = new[] { ledgerPath, ledgerPath + "-wal", ledgerPath + "-shm" }.Where(File.Exists).Sum(f => new FileInfo(f).Length);
        var outputs = Directory.GetFiles(work, "*.png");
        var result = new
        {
            items,
            concurrency,
            task_duration_ms = taskDuration.TotalMilliseconds,
            wall_seconds = Math.Round(wall.TotalSeconds, 1),
            plan_seconds = Math.Round(planned.TotalSeconds, 2),
            items_per_second = Math.Round(items / wall.TotalSeconds, 1),
            completed = summary.Counts.Completed,
            unknown = summary.Counts.Unknown,
            failed = summary.Counts.Failed,
            creates_sent = summary.CreatesSent,
            creates_received = simulator.CreatesReceived,
            tasks_created = simulator.TasksCreated,
            task_queries = simulator.TaskQueriesReceived,
            peak_working_set_mb = Math.Round(process.PeakWorkingSet64 / 1048576.0, 1),
            ledger_bytes = ledgerBytes,
            output_files = outputs.Length,
            output_bytes = outputs.Sum(f => new FileInfo(f).Length),
            cores = Environment.ProcessorCount,
            load_average = File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Trim() : null,
            runtime = System.Runtime.InteropServices.RuntimeInformation.FrameworkDescription,
            date = DateTimeOffset.UtcNow.ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture),
        };

        Directory.CreateDirectory(resultsDir);
        var name = Path.Combine(resultsDir, $"batch-{items}");
        await File.WriteAllTextAsync(name + ".json", JsonSerializer.Serialize(result, new JsonSerializerOptions { WriteIndented = true }) + "\n");
        var ok = result.creates_received == items && result.tasks_created == items && result.completed == items;
        await File.WriteAllTextAsync(name + ".md", string.Join('\n',
            $"# Batch benchmark: {items:N0} items, concurrency {concurrency}",
            "",
            $"BatchRunner + SqliteGenerationLedger (WAL, synchronous=FULL) against the simulator in the same process, on loopback,",
            $"simulated task duration {taskDuration.TotalMilliseconds} ms, 8:1 outputs (1024x128), one create in flight at a time. {result.date}, {result.cores} cores,",
            $"load average {result.load_average}, {result.runtime}.",
            "",
            "| Figure | Value |",
            "|---|---|",
            $"| Wall time | {result.wall_seconds} s ({result.items_per_second} items/s; planning the ledger {result.plan_seconds} s) |",
            $"| Completed | {result.completed:N0} of {items:N0} (failed {result.failed}, unknown {result.unknown}) |",
            $"| Creates sent / received / tasks created | {result.creates_sent:N0} / {result.creates_received:N0} / {result.tasks_created:N0} (= items: {(ok ? "yes" : "NO")}) |",
            $"| Task polls | {result.task_queries:N0} |",
            $"| Peak working set (whole process, simulator included) | {result.peak_working_set_mb} MB |",
            $"| Ledger size (db + wal + shm) | {result.ledger_bytes / 1024.0:N0} KiB |",
            $"| Outputs | {result.output_files:N0} files, {result.output_bytes / 1048576.0:N1} MiB |",
            "") + "\n");
        Console.WriteLine($"batch-bench: items={items} wall={result.wall_seconds}s creates={result.creates_received} tasks={result.tasks_created} completed={result.completed} peak={result.peak_working_set_mb}MB ledger={result.ledger_bytes}B");
        return ok ? 0 : 1;
    }
}
finally
{
    Directory.Delete(work, recursive: true);
}

int Arg(string name, int fallback) =>
    ArgText(name, null) is { } text ? int.Parse(text, CultureInfo.InvariantCulture) : fallback;

string? ArgText(string name, string? fallback)
{
    var i = Array.IndexOf(args, name);
    return i >= 0 && i + 1 < args.Length ? args[i + 1] : fallback;
}

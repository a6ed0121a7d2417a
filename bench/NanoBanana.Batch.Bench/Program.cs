using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using NanoBanana.Batch;
using NanoBanana.Benchmarks;
using NanoBanana.Client;
using NanoBanana.Simulator;

// usage: NanoBanana.Batch.Bench [--items N] [--create-latency-ms N] [--median-s N] [--sigma X] [--creates-in-flight N,N] [--seed N] [--results DIR] [--trace]
// Throughput of BatchRunner + SqliteGenerationLedger against the simulator (in this process, on loopback, real time):
// every create takes --create-latency-ms, task durations are lognormal (median --median-s, sigma --sigma, seed
// --seed, 12 by default). One run per creates-in-flight value, with every other option at its default. Writes
// bench/results/batch-throughput.{md,json}: wall time against the bound items x latency / creates-in-flight + p99
// task duration and against the schedule floor (the longest task counted), GET requests per task, peak tasks at the
// API, peak memory. --trace prints where the time went: ledger calls by kind, gaps in the create stage, the tail.
var items = Arg("--items", 2000);
var latency = TimeSpan.FromMilliseconds(Arg("--create-latency-ms", 100));
var median = TimeSpan.FromSeconds(Arg("--median-s", 12));
var sigma = double.Parse(ArgText("--sigma", "0.5")!, CultureInfo.InvariantCulture);
var inFlightValues = ArgText("--creates-in-flight", "1,4")!.Split(',').Select(v => int.Parse(v, CultureInfo.InvariantCulture)).ToArray();
var resultsDir = ArgText("--results", "bench/results")!;
var trace = args.Contains("--trace");
var seed = Arg("--seed", 12);

// The p99 of the durations the simulator will draw (the same seeded sequence), for the bound.
var drawn = LognormalDurations.Draw(seed, items, median, sigma);
var p99 = drawn.Order().ElementAt((int)Math.Ceiling(0.99 * items) - 1);
// The schedule floor: no runner can finish before every task does. With N creates in flight, the i-th create
// (0-based, in the simulator's draw order) answers at (i / N + 1) x latency at the earliest and its task runs its drawn
// duration after that; the floor is the latest of those. Unlike the bound's p99 term, it counts the longest task.
double Floor(int createsInFlight) => drawn.Select((d, i) => (i / createsInFlight + 1) * latency.TotalSeconds + d.TotalSeconds).Max();
Console.WriteLine(string.Join(", ", inFlightValues.Select(n => FormattableString.Invariant($"floor at {n} in flight {Floor(n):F1} s (bound {items * latency.TotalSeconds / n + p99.TotalSeconds:F1} s)"))) + FormattableString.Invariant($"; longest task {drawn.Max().TotalSeconds:F1} s, draw {drawn.IndexOf(drawn.Max()) + 1} of {items}"));
var runs = new List<Dictionary<string, object?>>();
foreach (var createsInFlight in inFlightValues)
{
    runs.Add(await RunAsync(createsInFlight));
    GC.Collect();
}

Directory.CreateDirectory(resultsDir);
var name = Path.Combine(resultsDir, "batch-throughput");
var all = new Dictionary<string, object?>
{
    ["items"] = items,
    ["create_latency_ms"] = latency.TotalMilliseconds,
    ["task_duration"] = $"lognormal, median {median.TotalSeconds} s, sigma {sigma}, seed {seed}",
    ["p99_task_seconds"] = Math.Round(p99.TotalSeconds, 1),
    ["longest_task_seconds"] = Math.Round(drawn.Max().TotalSeconds, 1),
    ["runs"] = runs,
    ["cores"] = Environment.ProcessorCount,
    ["load_average"] = File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Trim() : null,
    ["runtime"] = System.Runtime.InteropServices.RuntimeInformation.FrameworkDescription,
    ["date"] = DateTimeOffset.UtcNow.ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture),
};
await File.WriteAllTextAsync(name + ".json", JsonSerializer.Serialize(all, new JsonSerializerOptions { WriteIndented = true }) + "\n");
var lines = new List<string>
{
    $"# Batch throughput: {items:N0} items, {latency.TotalMilliseconds} ms per create",
    "",
    $"BatchRunner + SqliteGenerationLedger (WAL, synchronous=FULL; completed marks without an fsync) against the simulator in the same process on loopback, real time.",
    $"Every create answers after {latency.TotalMilliseconds} ms; task durations lognormal (median {median.TotalSeconds} s, sigma {sigma}, seed {seed}; p99 {p99.TotalSeconds:F1} s).",
    $"Every option at its default (concurrency {BatchRunnerOptions.DefaultConcurrency}, the client's polling) except creates in flight. {all["date"]}, {all["cores"]} cores, load average {all["load_average"]}, {all["runtime"]}.",
    "",
    "Bound = items x create latency / creates in flight + p99 task duration; target: wall time within 1.2x of it.",
    $"Floor = the earliest any runner can finish with these drawn durations: the latest (i / creates in flight + 1) x create latency + duration of task i, over the tasks in the order the simulator draws them. A batch ends with its slowest task, not its p99 one: the longest of these {items:N0} draws is {drawn.Max().TotalSeconds:F1} s (draw {drawn.IndexOf(drawn.Max()) + 1:N0} of {items:N0}), so the floor can exceed the bound; wall / floor is the runner's own overhead.",
    "",
    "| Creates in flight | Wall time | Bound | Ratio to bound | Floor | Ratio to floor | Completed | Creates = items | GET per task | Peak tasks at the API | Peak working set |",
    "|---|---|---|---|---|---|---|---|---|---|---|",
};
foreach (var r in runs)
{
    lines.Add($"| {r["creates_in_flight"]} | {r["wall_seconds"]} s | {r["bound_seconds"]} s | {r["ratio_to_bound"]} | {r["floor_seconds"]} s | {r["ratio_to_floor"]} | {r["completed"]:N0} | {r["creates_received"]:N0} ({((int)r["creates_received"]! == items ? "yes" : "NO")}) | {r["gets_per_task"]} | {r["peak_tasks_in_flight"]} | {r["peak_working_set_mb"]} MB |");
}

lines.Add("");
lines.Add("GET per task counts every task query the simulator received, divided by the tasks created (the client's adaptive polling schedule, expected duration 12 s).");
lines.Add("Peak working set is the whole process (the simulator and its recorded tasks included).");
await File.WriteAllTextAsync(name + ".md", string.Join('\n', lines) + "\n");
Console.WriteLine(string.Join('\n', lines));
return runs.All(r => (int)r["completed"]! == items && (int)r["creates_received"]! == items) ? 0 : 1;

async Task<Dictionary<string, object?>> RunAsync(int createsInFlight)
{
    var work = Path.Combine(Path.GetTempPath(), "nanobanana-batch-bench-" + Guid.NewGuid().ToString("N")[..8]);
    Directory.CreateDirectory(work);
    try
    {
        var random = new Random(seed);
        await using var simulator = NanoBananaSimulator.Start(new SimulatorOptions
        {
            Host = "127.0.0.1",
            TaskDuration = median,
            TaskDurations = () => { lock (random) return LognormalDurations.Next(random, median, sigma); },
            CreateLatency = latency,
            InitialCredits = items * NanoBananaSimulator.CreditsPerImage,
            RecordRequests = false,
        });
        // The client as a user configures it: its default polling schedule (expected duration 12 s).
        using var client = new NanoBananaClient(new NanoBananaClientOptions { ApiKey = NanoBananaSimulator.ApiKey, BaseUrl = simulator.Url });
        var batch = Enumerable.Range(1, items).Select(i => new BatchItem($"item-{i:D5}",
            // 8:1 (1024x128): a small image, so thousands of downloads stay small.
            GenerationRequest.FromPrompt($"benchmark banana number {i}", new GenerationOptions { AspectRatio = AspectRatio.Landscape8x1 }))).ToList();
        var ledgerPath = Path.Combine(work, ".nanobanana-batch.db");
        await using var sqlite = await SqliteGenerationLedger.OpenAsync(ledgerPath);
        var timed = trace ? new TimedLedger(sqlite) : null;
        IGenerationLedger ledger = timed is null ? sqlite : timed;
        await ledger.PlanAsync("bench-" + items, batch);
        var clock = Stopwatch.StartNew();
        var events = trace ? new RunTrace(clock) : null;
        var runner = new BatchRunner(client, ledger, new BatchRunnerOptions { CreatesInFlight = createsInFlight, OutputFolder = work });
        var summary = await runner.RunAsync(events);
        var wall = clock.Elapsed;
        if (events is not null) await events.PrintAsync(client, timed!, latency, createsInFlight, p99);
        var process = Process.GetCurrentProcess();
        process.Refresh();
        var bound = items * latency.TotalSeconds / createsInFlight + p99.TotalSeconds;
        var result = new Dictionary<string, object?>
        {
            ["creates_in_flight"] = createsInFlight,
            ["wall_seconds"] = Math.Round(wall.TotalSeconds, 1),
            ["bound_seconds"] = Math.Round(bound, 1),
            ["ratio_to_bound"] = Math.Round(wall.TotalSeconds / bound, 2),
            ["floor_seconds"] = Math.Round(Floor(createsInFlight), 1),
            ["ratio_to_floor"] = Math.Round(wall.TotalSeconds / Floor(createsInFlight), 2),
            ["completed"] = summary.Counts.Completed,
            ["unknown"] = summary.Counts.Unknown,
            ["failed"] = summary.Counts.Failed + summary.Counts.Refused + summary.Counts.SaveFailed,
            ["creates_sent"] = summary.CreatesSent,
            ["creates_received"] = simulator.CreatesReceived,
            ["tasks_created"] = simulator.TasksCreated,
            ["task_queries"] = simulator.TaskQueriesReceived,
            ["gets_per_task"] = Math.Round(simulator.TaskQueriesReceived / (double)Math.Max(1, simulator.TasksCreated), 2),
            ["peak_tasks_in_flight"] = summary.PeakTasksInFlight,
            ["peak_working_set_mb"] = Math.Round(process.PeakWorkingSet64 / 1048576.0, 1),
        };
        Console.WriteLine($"batch-bench: creates-in-flight={createsInFlight} wall={result["wall_seconds"]}s bound={result["bound_seconds"]}s ratio={result["ratio_to_bound"]} floor={result["floor_seconds"]}s ratio-to-floor={result["ratio_to_floor"]} gets/task={result["gets_per_task"]} peak={result["peak_tasks_in_flight"]}");
        return result;
    }
    finally
    {
        Directory.Delete(work, recursive: true);
    }
}


int Arg(string name, int fallback) =>
    ArgText(name, null) is { } text ? int.Parse(text, CultureInfo.InvariantCulture) : fallback;

string? ArgText(string name, string? fallback)
{
    var i = Array.IndexOf(args, name);
    return i >= 0 && i + 1 < args.Length ? args[i + 1] : fallback;
}

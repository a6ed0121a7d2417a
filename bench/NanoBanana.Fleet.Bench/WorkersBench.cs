using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using NanoBanana.Batch;
using NanoBanana.Client;
using NanoBanana.Postgres;
using NanoBanana.Simulator;
using NanoBanana.Testing;
using Npgsql;

namespace NanoBanana.Fleet.Bench;

/// <summary>
/// One, two and three <c>nanobanana batch worker</c> processes on one PostgreSQL ledger (a server this benchmark starts),
/// on a create-latency-bound batch: every create takes <c>createLatency</c> at the simulator, one create in flight per
/// worker, short tasks. Throughput is items over the wall time from the workers' start to the last one's exit.
/// </summary>
internal static class WorkersBench
{
    public static async Task RunAsync(int items, TimeSpan createLatency, string resultsDir, string stamp, string machine)
    {
        await using var server = await PostgresServer.StartNewAsync();
        var rows = new List<Row>();
        foreach (var workers in new[] { 1, 2, 3 })
        {
            var row = await RunOnceAsync(server, workers, items, createLatency);
            Console.WriteLine(row);
            rows.Add(row);
        }

        var one = rows[0].ItemsPerSecond;
        var md = new List<string>
        {
            $"# Batch workers on one PostgreSQL ledger: {items} items, {createLatency.TotalMilliseconds:0} ms per create",
            string.Empty,
            $"`nanobanana batch worker` processes on one batch in a PostgreSQL 15 server on loopback; the simulator in the benchmark's process",
            $"answers every create after {createLatency.TotalMilliseconds:0} ms (tasks take 1 s); one create in flight per worker (the default). Wall time from",
            $"the workers' start (process start-up included) to the last one's exit. {stamp}, {machine}.",
            string.Empty,
            "| Workers | Wall time (s) | Items per second | Scaling (x one worker) | Create phase (s) | Creates per second | Scaling of creates | Creates received (= items) | Completed |",
            "|---|---|---|---|---|---|---|---|---|",
        };
        var oneCreates = rows[0].CreatesPerSecond;
        md.AddRange(rows.Select(r => FormattableString.Invariant(
            $"| {r.Workers} | {r.WallSeconds:0.0} | {r.ItemsPerSecond:0.0} | {r.ItemsPerSecond / one:0.00} | {r.CreatePhaseSeconds:0.0} | {r.CreatesPerSecond:0.0} | {r.CreatesPerSecond / oneCreates:0.00} | {r.CreatesReceived} ({(r.CreatesReceived == r.Items ? "yes" : "NO")}) | {r.Completed} |")));
        md.Add(string.Empty);
        md.Add("Target: three workers at least 2.5x one.");
        File.WriteAllLines(Path.Combine(resultsDir, "workers.md"), md);
        File.WriteAllText(Path.Combine(resultsDir, "workers.json"), JsonSerializer.Serialize(new { measured = stamp, machine, items, create_latency_ms = createLatency.TotalMilliseconds, rows }, new JsonSerializerOptions { WriteIndented = true }));
    }

    private static async Task<Row> RunOnceAsync(PostgresServer server, int workers, int items, TimeSpan createLatency)
    {
        var name = $"workers{workers}";
        await using (var admin = new NpgsqlConnection(server.ConnectionString))
        {
            await admin.OpenAsync();
            await using var create = new NpgsqlCommand($"CREATE DATABASE {name}", admin);
            await create.ExecuteNonQueryAsync();
        }

        await using var simulator = NanoBananaSimulator.Start(new SimulatorOptions
        {
            Host = "127.0.0.1",
            TaskDuration = TimeSpan.FromSeconds(1),
            InitialCredits = items * NanoBananaSimulator.CreditsPerImage,
        });
        simulator.InjectFault(SimulatorFault.Latency(createLatency, times: int.MaxValue, operation: SimulatorOperation.CreateTask));
        await using (var ledger = await PostgresGenerationLedger.OpenAsync(server.ConnectionStringFor(name), "bench"))
        {
            await ledger.PlanAsync("bench", [.. Enumerable.Range(0, items).Select(i => new BatchItem($"item-{i:D5}",
                GenerationRequest.FromPrompt($"bench banana {i}", new GenerationOptions { AspectRatio = AspectRatio.Landscape8x1 })))]);
        }

        var folder = Path.Combine(Path.GetTempPath(), "nanobanana-workers-bench-" + Guid.NewGuid().ToString("N")[..8]);
        var wall = Stopwatch.StartNew();
        var processes = Enumerable.Range(0, workers).Select(i =>
        {
            var info = new ProcessStartInfo("dotnet") { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
            foreach (var a in (string[])[Path.Combine(AppContext.BaseDirectory, "nanobanana.dll"), "batch", "worker", "--ledger", server.UrlFor(name), "--batch", "bench",
                "--out", Path.Combine(folder, $"w{i}"), "--heartbeat", "2s"]) info.ArgumentList.Add(a);
            info.Environment["NANOBANANA_API_KEY"] = NanoBananaSimulator.ApiKey;
            info.Environment["NANOBANANA_BASE_URL"] = simulator.Url.AbsoluteUri;
            var process = Process.Start(info)!;
            _ = process.StandardOutput.ReadToEndAsync();
            _ = process.StandardError.ReadToEndAsync();
            return process;
        }).ToList();
        foreach (var process in processes) await process.WaitForExitAsync();
        wall.Stop();

        BatchLedgerCounts counts;
        await using (var ledger = await PostgresGenerationLedger.OpenAsync(server.ConnectionStringFor(name), "bench"))
        {
            counts = await ledger.CountAsync();
        }

        try
        {
            Directory.Delete(folder, recursive: true);
        }
        catch (IOException)
        {
        }

        // The create phase alone (first create to last, as the simulator received them): what the create latency bounds.
        var creates = simulator.Requests.Where(r => r.Operation == SimulatorOperation.CreateTask).Select(r => r.ReceivedAt).Order().ToList();
        var createSpan = creates.Count > 1 ? (creates[^1] - creates[0]).TotalSeconds : double.NaN;
        return new Row(workers, items, Math.Round(wall.Elapsed.TotalSeconds, 1), Math.Round(items / wall.Elapsed.TotalSeconds, 2),
            Math.Round(createSpan, 1), Math.Round((creates.Count - 1) / createSpan, 2), simulator.CreatesReceived, counts.Completed);
    }

    private sealed record Row(int Workers, int Items, double WallSeconds, double ItemsPerSecond, double CreatePhaseSeconds, double CreatesPerSecond, int CreatesReceived, int Completed);
}

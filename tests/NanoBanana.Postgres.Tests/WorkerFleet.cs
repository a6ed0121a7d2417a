using System.Text.Json.Nodes;
using NanoBanana.Batch;
using NanoBanana.Client;
using NanoBanana.Simulator;
using Npgsql;

namespace NanoBanana.Postgres.Tests;

/// <summary>
/// A batch planned in PostgreSQL, the simulator playing the API (each create slowed so that kills land mid-create), and
/// real <c>nanobanana batch worker</c> processes, each with its own output folder.
/// </summary>
internal sealed class WorkerFleet : IAsyncDisposable
{
    private readonly List<ChildProcess> _workers = [];
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "nanobanana-fleet-" + Guid.NewGuid().ToString("N")[..8]);
    private int _started;

    private WorkerFleet(NanoBananaSimulator simulator, string connectionString, string url, string batch, int items)
    {
        Simulator = simulator;
        ConnectionString = connectionString;
        Url = url;
        Batch = batch;
        Items = items;
    }

    public NanoBananaSimulator Simulator { get; }

    public string ConnectionString { get; }

    public string Url { get; }

    public string Batch { get; }

    public int Items { get; }

    public IReadOnlyList<ChildProcess> Workers => _workers;

    public static string Prompt(int i) => $"a fleet banana, number {i}";

    /// <summary>Plans <paramref name="items"/> items in the database and starts the simulator (creates take <paramref name="createLatency"/>).</summary>
    public static async Task<WorkerFleet> StartAsync(string connectionString, string url, int items, TimeSpan createLatency, TimeSpan taskDuration)
    {
        var simulator = NanoBananaSimulator.Start(new SimulatorOptions { Host = "127.0.0.1", TaskDuration = taskDuration, InitialCredits = items * 100 });
        if (createLatency > TimeSpan.Zero) simulator.InjectFault(SimulatorFault.Latency(createLatency, times: 1_000_000, operation: SimulatorOperation.CreateTask));
        var batch = "fleet-" + Guid.NewGuid().ToString("N")[..8];
        await using (var ledger = await PostgresGenerationLedger.OpenAsync(connectionString, batch))
        {
            await ledger.PlanAsync("hash-" + batch, [.. Enumerable.Range(0, items).Select(i => new BatchItem($"item-{i:D3}", GenerationRequest.FromPrompt(Prompt(i))))]);
        }

        return new WorkerFleet(simulator, connectionString, url, batch, items);
    }

    /// <summary>Starts one more worker process.</summary>
    public ChildProcess StartWorker(TimeSpan heartbeat, int createsInFlight)
    {
        var n = Interlocked.Increment(ref _started);
        var worker = ChildProcess.Start("nanobanana.dll",
            ["batch", "worker", "--ledger", Url, "--batch", Batch, "--out", Path.Combine(_folder, $"worker-{n}"),
             "--heartbeat", $"{(int)heartbeat.TotalMilliseconds}ms", "--creates-in-flight", createsInFlight.ToString(System.Globalization.CultureInfo.InvariantCulture), "--verbose"],
            new Dictionary<string, string> { ["NANOBANANA_API_KEY"] = NanoBananaSimulator.ApiKey, ["NANOBANANA_BASE_URL"] = Simulator.Url.AbsoluteUri });
        lock (_workers) _workers.Add(worker);
        return worker;
    }

    /// <summary>How many creates the simulator received per prompt.</summary>
    public Dictionary<string, int> CreatesPerPrompt() => Simulator.Requests
        .Where(r => r.Operation == SimulatorOperation.CreateTask && r.Body is not null)
        .Select(r => (string)JsonNode.Parse(r.Body!)!["input"]!["prompt"]!)
        .GroupBy(p => p).ToDictionary(g => g.Key, g => g.Count());

    /// <summary>Completes once the simulator has received at least <paramref name="creates"/> creates.</summary>
    public async Task CreatesReceivedAsync(int creates, CancellationToken cancellationToken)
    {
        // The simulator has no create event; its counter is read every 10 ms (the workers are other processes).
        while (Simulator.CreatesReceived < creates) await Task.Delay(10, cancellationToken);
    }

    public async Task<IReadOnlyList<BatchLedgerEntry>> ReadAsync()
    {
        await using var ledger = await PostgresGenerationLedger.OpenAsync(ConnectionString, Batch);
        return await ledger.ReadAsync();
    }

    public async Task<long> OwnersAsync()
    {
        await using var source = NpgsqlDataSource.Create(ConnectionString);
        await using var command = source.CreateCommand("SELECT count(*) FROM nanobanana.batch_owners WHERE batch_id = @b");
        command.Parameters.AddWithValue("b", Batch);
        return (long)(await command.ExecuteScalarAsync())!;
    }

    public string Output()
    {
        lock (_workers) return string.Join("\n---\n", _workers.Select(w => $"pid {w.Id}:\n{w.Stdout}\n{w.Stderr}"));
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var worker in _workers) await worker.DisposeAsync();
        await Simulator.DisposeAsync();
        try
        {
            Directory.Delete(_folder, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}

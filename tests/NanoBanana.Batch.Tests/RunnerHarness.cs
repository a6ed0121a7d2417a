using Microsoft.Extensions.Time.Testing;
using NanoBanana.Client;
using NanoBanana.Simulator;

namespace NanoBanana.Batch.Tests;

/// <summary>A simulator and a client on one fake clock, a ledger and an output folder: one batch to run and re-run.</summary>
internal sealed class RunnerHarness : IAsyncDisposable
{
    private readonly TempFolder _folder = new();

    private RunnerHarness(NanoBananaSimulator simulator, NanoBananaClient client, FakeTimeProvider time)
    {
        Simulator = simulator;
        Client = client;
        Time = time;
    }

    public NanoBananaSimulator Simulator { get; }

    public NanoBananaClient Client { get; }

    public FakeTimeProvider Time { get; }

    public string Folder => _folder.Path;

    public string LedgerPath => _folder.Ledger;

    public static RunnerHarness Start(int credits = 100_000)
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 12, 4, 0, 0, 0, TimeSpan.Zero));
        var simulator = NanoBananaSimulator.Start(new SimulatorOptions { TaskDuration = TimeSpan.FromSeconds(4), TimeProvider = time, InitialCredits = credits });
        var options = new NanoBananaClientOptions { ApiKey = NanoBananaSimulator.ApiKey, BaseUrl = simulator.Url, RequestTimeout = TimeSpan.FromDays(1) };
        options.Polling.ExpectedDuration = TimeSpan.FromSeconds(4);
        var client = new NanoBananaClient(options, null, null, null, time);
        return new RunnerHarness(simulator, client, time);
    }

    public static IReadOnlyList<BatchItem> Items(params string[] prompts) =>
        prompts.Select((p, i) => new BatchItem($"item-{i + 1}", Requests.Valid(p))).ToList();

    /// <summary>Opens the ledger, plans <paramref name="items"/> and runs the batch once on fake time.</summary>
    public async Task<(BatchSummary Summary, IReadOnlyList<BatchLedgerEntry> Entries)> RunAsync(
        IReadOnlyList<BatchItem> items, bool retryUnknown = false, TimeSpan? waitTimeout = null, string hash = "input-hash")
    {
        await using var ledger = await SqliteGenerationLedger.OpenAsync(LedgerPath);
        await ledger.PlanAsync(hash, items);
        var runner = new BatchRunner(Client, ledger, new BatchRunnerOptions
        {
            Concurrency = 4,
            OutputFolder = Folder,
            RetryUnknown = retryUnknown,
            WaitTimeout = waitTimeout,
            TimeProvider = Time,
        });
        var run = runner.RunAsync();
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (!run.IsCompleted)
        {
            await Task.WhenAny(run, Task.Delay(2));
            if (!run.IsCompleted) Time.Advance(TimeSpan.FromMilliseconds(200));
            if (DateTime.UtcNow > deadline) throw new TimeoutException("the batch did not finish within 30 s of real time");
        }

        return (await run, await ledger.ReadAsync());
    }

    /// <summary>How many creates the simulator received for each prompt.</summary>
    public Dictionary<string, int> CreatesPerPrompt() => Simulator.Requests
        .Where(r => r.Operation == SimulatorOperation.CreateTask)
        .GroupBy(r => System.Text.Json.JsonDocument.Parse(r.Body!).RootElement.GetProperty("input").GetProperty("prompt").GetString()!)
        .ToDictionary(g => g.Key, g => g.Count());

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await Simulator.DisposeAsync();
        _folder.Dispose();
    }
}

using Microsoft.Extensions.Diagnostics.Metrics.Testing;
using Microsoft.Extensions.Time.Testing;
using NanoBanana.Client;
using NanoBanana.Reliability.Tests.Infrastructure;
using NanoBanana.Simulator;

namespace NanoBanana.Reliability.Tests.Concurrency;

/// <summary>The client's meters are process-wide: tests that count them run alone.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class TelemetryCollection
{
    public const string Name = "telemetry (not parallel)";
}

/// <summary>One client used from many threads at once, as a service uses it.</summary>
[Collection(TelemetryCollection.Name)]
public sealed class ThreadSafetyTests
{
    [Fact]
    public async Task Sixty_four_parallel_generations_on_one_client_are_correct_independent_and_counted()
    {
        const int parallel = 64;
        var time = new FakeTimeProvider(FakeClock.Start);
        await using var simulator = NanoBananaSimulator.Start(new SimulatorOptions { TaskDuration = TimeSpan.FromSeconds(8), TimeProvider = time });
        using var client = new NanoBananaClient(new NanoBananaClientOptions { ApiKey = "sk-threads-1", BaseUrl = simulator.Url }, null, null, null, time);
        using var requests = new MetricCollector<long>(null, NanoBananaTelemetry.Name, "nanobanana.client.requests");
        using var polls = new MetricCollector<long>(null, NanoBananaTelemetry.Name, "nanobanana.client.polls");

        var prompts = Enumerable.Range(0, parallel).Select(i => $"prompt number {i}").ToArray();
        var all = Task.WhenAll(prompts.Select(p => Task.Run(() => client.GenerateAsync(Requests.Valid(p)))));
        await FakeClock.DriveAsync(all, time, step: TimeSpan.FromMilliseconds(250), realLimit: TimeSpan.FromSeconds(30));
        var tasks = await all;

        // Correct and independent: every task completed, each its own, each with its own output.
        Assert.All(tasks, t => Assert.Equal(GenerationTaskStatus.Completed, t.Task.Status));
        Assert.Equal(parallel, tasks.Select(t => t.TaskId).Distinct().Count());
        Assert.Equal(parallel, tasks.Select(t => t.OutputUrls[0]).Distinct().Count());
        Assert.Equal(parallel, simulator.TasksCreated);
        var created = simulator.Requests.Where(r => r.Operation == SimulatorOperation.CreateTask).Select(r => r.Body).ToList();
        Assert.Equal(prompts.Order(StringComparer.Ordinal), prompts.Where(p => created.Any(b => b!.Contains(p, StringComparison.Ordinal))).Order(StringComparer.Ordinal));

        // The learned estimate saw every completion and moved toward the simulator's 8 s.
        Assert.Equal(parallel, client.Estimator.Observations);
        var median = client.Estimator.Quantile(0.5);
        Assert.InRange(median.TotalSeconds, 7.5, 12);

        // Telemetry agrees with what the server saw.
        var apiRequests = simulator.Requests.Count(r => r.Operation != SimulatorOperation.DownloadOutput);
        Assert.Equal(apiRequests, requests.GetMeasurementSnapshot().Sum(m => m.Value));
        Assert.Equal(simulator.TaskQueriesReceived, polls.GetMeasurementSnapshot().Sum(m => m.Value));
    }
}

using System.Collections.Concurrent;
using System.Diagnostics;
using NanoBanana.Client;
using NanoBanana.Simulator;

namespace NanoBanana.Benchmarks.Scale;

/// <summary>
/// Many generate calls (create, then wait) through one <see cref="NanoBananaClient"/> against the in-process
/// <see cref="NanoBananaSimulator"/> (tasks take 1 s), at most N in flight: without a rate limit, then with
/// the simulator's rate limit on. Creates are counted at the simulator and compared with the calls.
/// </summary>
internal static class ScaleRun
{
    private static readonly TimeSpan TaskDuration = TimeSpan.FromSeconds(1);

    public static async Task<IReadOnlyList<ScaleResult>> RunAsync(BenchMode mode)
    {
        return
        [
            await RunScenarioAsync("no-rate-limit", mode.ScaleCalls, mode.ScaleInFlight, null).ConfigureAwait(false),
            await RunScenarioAsync($"rate-limited ({mode.RateLimit} req/s)", mode.RateLimitedCalls, mode.ScaleInFlight, mode.RateLimit).ConfigureAwait(false),
        ];
    }

    private static async Task<ScaleResult> RunScenarioAsync(string scenario, int calls, int inFlight, int? rateLimit)
    {
        GC.Collect();
        await using var simulator = NanoBananaSimulator.Start(new SimulatorOptions
        {
            Host = "127.0.0.1",
            TaskDuration = TaskDuration,
            InitialCredits = calls * NanoBananaSimulator.CreditsPerImage,
            RateLimit = rateLimit,
            RecordRequests = false,
        });
        var counting = new CountingHandler(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(5) });
        using var http = new HttpClient(counting) { Timeout = Timeout.InfiniteTimeSpan };
        using var downloads = new HttpClient();
        var options = new NanoBananaClientOptions { ApiKey = NanoBananaSimulator.ApiKey, BaseUrl = simulator.Url };
        // What a user of a 1-second model sets: the expected duration, so the first poll comes when tasks finish.
        options.Polling.ExpectedDuration = TaskDuration;
        using var client = new NanoBananaClient(options, http, downloads, null, null);

        var request = Overhead.CannedResponses.Request();
        using var gate = new SemaphoreSlim(inFlight);
        var taskIds = new ConcurrentBag<string>();
        var rejections = new ConcurrentDictionary<string, int>();
        var losses = new ConcurrentDictionary<string, int>();
        using var sampling = new CancellationTokenSource();
        var sampler = SampleMemoryAsync(sampling.Token);

        var watch = Stopwatch.StartNew();
        var runs = Enumerable.Range(0, calls).Select(async _ =>
        {
            await gate.WaitAsync().ConfigureAwait(false);
            try
            {
                var result = await client.GenerateAsync(request).ConfigureAwait(false);
                taskIds.Add(result.TaskId);
            }
            catch (NanoBananaCreateOutcomeUnknownException ex)
            {
                losses.AddOrUpdate("outcome unknown: " + ex.InnerException?.GetType().Name, 1, (_, n) => n + 1);
            }
            catch (NanoBananaException ex)
            {
                rejections.AddOrUpdate(ex.GetType().Name + (ex.ErrorCode is null ? "" : " " + ex.ErrorCode), 1, (_, n) => n + 1);
            }
            catch (Exception ex)
            {
                losses.AddOrUpdate(ex.GetType().Name, 1, (_, n) => n + 1);
            }
            finally
            {
                gate.Release();
            }
        }).ToList();
        await Task.WhenAll(runs).ConfigureAwait(false);
        watch.Stop();
        await sampling.CancelAsync().ConfigureAwait(false);
        var (peakWorkingSet, peakHeap) = await sampler.ConfigureAwait(false);

        var succeeded = taskIds.Count;
        var distinct = taskIds.Distinct().Count();
        var rejected = rejections.Values.Sum();
        var lost = losses.Values.Sum() + (succeeded - distinct);
        var created = simulator.TasksCreated;
        var duplicated = Math.Max(0, created - (calls - rejected - losses.Values.Sum()));
        var rateLimited = counting.CreatesRateLimited + counting.ReadsRateLimited;
        var recovery = rateLimit is null && rateLimited == 0
            ? $"no 429s; {counting.Creates:N0} create requests, {counting.Reads:N0} get-task requests ({(double)counting.Reads / calls:0.00} per call)."
            : $"{rateLimited:N0} 429s ({counting.CreatesRateLimited:N0} to creates, {counting.ReadsRateLimited:N0} to get-task). " +
              $"{counting.Creates:N0} create requests for {created:N0} tasks: each extra create was a 429 (certainly not taken), retried after Retry-After. " +
              $"Polls answered 429 were retried or the wait went on after Retry-After. " +
              (rejected == 0 ? "Every call completed." : $"Gave up: {string.Join(", ", rejections.Select(r => $"{r.Value:N0} x {r.Key}"))}.");
        if (!losses.IsEmpty)
        {
            recovery += $" Lost: {string.Join(", ", losses.Select(l => $"{l.Value:N0} x {l.Key}"))}.";
        }

        var result = new ScaleResult(scenario, calls, inFlight, watch.Elapsed.TotalSeconds, peakWorkingSet, peakHeap,
            counting.Creates + counting.Reads, created, succeeded, rejected, lost, duplicated, rateLimited, recovery);
        Console.WriteLine($"scale {scenario}: {calls:N0} calls in {result.WallSeconds:0.0} s, {result.RequestsSent:N0} requests, {created:N0} creates, " +
                          $"succeeded {succeeded:N0}, rejected {rejected:N0}, lost {lost:N0}, duplicated {duplicated:N0}, 429s {rateLimited:N0}, peak working set {peakWorkingSet / 1048576:N0} MiB");
        return result;
    }

    private static async Task<(long WorkingSet, long Heap)> SampleMemoryAsync(CancellationToken cancellationToken)
    {
        long workingSet = 0, heap = 0;
        while (true)
        {
            workingSet = Math.Max(workingSet, Environment.WorkingSet);
            heap = Math.Max(heap, GC.GetTotalMemory(false));
            try
            {
                await Task.Delay(50, cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return (workingSet, heap);
            }
        }
    }
}

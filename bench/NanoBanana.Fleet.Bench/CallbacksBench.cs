using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;
using NanoBanana.Benchmarks;
using NanoBanana.Client;
using NanoBanana.Simulator;
using NanoBanana.Testing;

namespace NanoBanana.Fleet.Bench;

/// <summary>
/// Waits with callbacks against waits by polling alone: N tasks with lognormal durations (median 12 s, sigma 0.5, fixed
/// seed) created at once on the simulator, each waited for by the real client in a real ASP.NET Core app whose
/// callback endpoint (Kestrel, loopback) receives the simulator's callbacks. Task time is a fake clock driven in steps,
/// so a 12 s task costs milliseconds; the delay after a callback reaches the endpoint is real time.
/// </summary>
internal static class CallbacksBench
{
    private const double MedianSeconds = 12;
    private const double Sigma = 0.5;
    private const int Seed = 20260702;
    private static readonly TimeSpan Step = TimeSpan.FromMilliseconds(50);

    public static async Task<CallbacksResult> RunAsync(int tasks, bool callbacks, double lossRate)
    {
        var random = new Random(Seed);
        var time = new FakeTimeProvider(FakeClock.Start);
        await using var simulator = NanoBananaSimulator.Start(new SimulatorOptions
        {
            Host = "127.0.0.1",
            TimeProvider = time,
            InitialCredits = tasks * NanoBananaSimulator.CreditsPerImage,
            CallbackLossRate = lossRate,
            CallbackLossSeed = Seed,
            RecordRequests = false,
            TaskDurations = () =>
            {
                lock (random) return LognormalDurations.Next(random, TimeSpan.FromSeconds(MedianSeconds), Sigma);
            },
        });

        var arrivals = new ConcurrentDictionary<string, long>(StringComparer.Ordinal);
        var port = LoopbackPorts.Free();
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseKestrel().UseUrls($"http://127.0.0.1:{port}");
        builder.Logging.ClearProviders();
        builder.Services.AddSingleton<TimeProvider>(time);
        builder.Services.AddNanoBananaClient(o =>
        {
            o.ApiKey = NanoBananaSimulator.ApiKey;
            o.BaseUrl = simulator.Url;
            o.CallbackUrl = callbacks ? new Uri($"http://127.0.0.1:{port}/hooks/nano-banana?secret=bench-Lk3Jh8Gf2Ds7Ap4Qw9Ez1Rx6Tc5Vb0N") : null;
        });
        await using var app = builder.Build();
        // When each callback reaches the endpoint (before its confirmation read): the start of the measured delay.
        app.Use(async (context, next) =>
        {
            if (context.Request.Path == "/hooks/nano-banana")
            {
                var arrived = Stopwatch.GetTimestamp();
                context.Request.EnableBuffering();
                using (var body = await JsonDocument.ParseAsync(context.Request.Body))
                {
                    arrivals.TryAdd(body.RootElement.GetProperty("id").GetString()!, arrived);
                }

                context.Request.Body.Position = 0;
            }

            await next(context);
        });
        app.MapNanoBananaCallback("/hooks/nano-banana", (_, _) => Task.CompletedTask, o => o.Secret = "bench-Lk3Jh8Gf2Ds7Ap4Qw9Ez1Rx6Tc5Vb0N");
        await app.StartAsync();
        var client = app.Services.GetRequiredService<INanoBananaClient>();

        // Every task created at the same instant (the clock stands still meanwhile), then waited for together.
        var created = time.GetUtcNow();
        var operations = new List<GenerationOperation>(tasks);
        for (var i = 0; i < tasks; i++) operations.Add(await client.StartGenerationAsync($"bench banana {i}"));
        var done = new ConcurrentDictionary<string, (long Real, DateTimeOffset Fake, TimeSpan Duration)>(StringComparer.Ordinal);
        var waits = operations.Select(async operation =>
        {
            var result = await operation.WaitForCompletionAsync(TimeSpan.FromMinutes(10));
            done[operation.TaskId] = (Stopwatch.GetTimestamp(), time.GetUtcNow(), result.Task.Output!.Metadata!.CostTime!.Value);
        }).ToList();
        var all = Task.WhenAll(waits);
        var wall = Stopwatch.StartNew();
        while (!all.IsCompleted)
        {
            time.Advance(Step);
            await Task.WhenAny(all, Task.Delay(1));
        }

        await all;
        await app.StopAsync();

        var requests = simulator.CreatesReceived + simulator.TaskQueriesReceived;
        var afterCompletion = done.Values.Select(d => Math.Max(0, (d.Fake - (created + d.Duration)).TotalMilliseconds)).Order().ToList();
        var afterCallback = done.Where(d => arrivals.ContainsKey(d.Key))
            .Select(d => Stopwatch.GetElapsedTime(arrivals[d.Key], d.Value.Real).TotalMilliseconds).Order().ToList();
        return new CallbacksResult(
            callbacks ? (lossRate > 0 ? $"callbacks, {lossRate:P0} lost" : "callbacks") : "polling only",
            tasks,
            (double)requests / tasks,
            simulator.TaskQueriesReceived,
            arrivals.Count,
            Percentile(afterCompletion, 0.5),
            Percentile(afterCompletion, 0.95),
            afterCompletion.Count == 0 ? double.NaN : afterCompletion[^1],
            Percentile(afterCallback, 0.5),
            Percentile(afterCallback, 0.95),
            afterCallback.Count == 0 ? double.NaN : afterCallback[^1],
            wall.Elapsed.TotalSeconds);
    }

    private static double Percentile(IReadOnlyList<double> sorted, double p) =>
        sorted.Count == 0 ? double.NaN : sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Count) - 1, 0, sorted.Count - 1)];
}

/// <summary>One run of <see cref="CallbacksBench"/>.</summary>
internal sealed record CallbacksResult(
    string Mode,
    int Tasks,
    double RequestsPerTask,
    int TaskReads,
    int CallbacksReceived,
    double AfterCompletionMedianMs,
    double AfterCompletionP95Ms,
    double AfterCompletionMaxMs,
    double AfterCallbackMedianMs,
    double AfterCallbackP95Ms,
    double AfterCallbackMaxMs,
    double WallSeconds)
{
    public string Row()
    {
        var afterCallback = CallbacksReceived == 0 ? "n/a" : FormattableString.Invariant($"{AfterCallbackMedianMs:0.0} / {AfterCallbackP95Ms:0.0} / {AfterCallbackMaxMs:0.0}");
        return FormattableString.Invariant(
            $"| {Mode} | {Tasks} | {RequestsPerTask:0.00} | {CallbacksReceived} | {AfterCompletionMedianMs:0} / {AfterCompletionP95Ms:0} / {AfterCompletionMaxMs:0} | {afterCallback} |");
    }
}

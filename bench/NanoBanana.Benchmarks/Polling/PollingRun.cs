namespace NanoBanana.Benchmarks.Polling;

/// <summary>
/// The polling simulation: the same lognormal task durations (median 12 s, the docs' costTime example;
/// sigma 0.5; fixed seed) waited for by each policy on simulated time, one task after another (so the
/// facade's duration estimator learns from the tasks before, as in a long-running service).
/// </summary>
internal static class PollingRun
{
    private const double MedianSeconds = 12;
    private const double Sigma = 0.5;
    private const int Seed = 20260702;

    public static async Task<PollingResult?> RunAsync(BenchMode mode)
    {
        var durations = Durations(mode.PollingTasks);
        var policies = new List<PollingPolicy>
        {
            FixedIntervalPoller.Policy("fixed-0.5s", TimeSpan.FromMilliseconds(500)),
            FixedIntervalPoller.Policy("fixed-1s", TimeSpan.FromSeconds(1)),
        };
        policies.AddRange(FacadePolicies.All(tuning: true));

        var results = new List<PollingPolicyResult>();
        foreach (var policy in policies)
        {
            var result = await RunPolicyAsync(policy, durations).ConfigureAwait(false);
            Console.WriteLine($"polling {result.Policy,-40} requests/task {result.RequestsPerTask,5:0.00}  detection median {result.DetectMedianMs,5:0} ms  p95 {result.DetectP95Ms,5:0} ms  unfinished {result.Unfinished}");
            results.Add(result);
        }

        var sorted = durations.Select(d => d.TotalMilliseconds).Order().ToList();
        return new PollingResult(
            $"lognormal, median {MedianSeconds} s, sigma {Sigma}, seed {Seed}, {durations.Count} tasks per policy",
            Percentile(sorted, 0.5),
            Percentile(sorted, 0.95),
            results,
            FacadePolicies.Note);
    }

    private static async Task<PollingPolicyResult> RunPolicyAsync(PollingPolicy policy, IReadOnlyList<TimeSpan> durations)
    {
        var clock = new SimulatedClock();
        var handler = new SimulatedTaskHandler(clock, durations);
        var (workflow, owned) = policy.Start(clock, handler);
        var failures = 0;
        using (owned)
        {
            for (var i = 0; i < durations.Count; i++)
            {
                try
                {
                    await PollingDriver.RunAsync(clock, handler, workflow).ConfigureAwait(false);
                }
                catch (Exception ex) when (ex is not InvalidOperationException { Message: var m } || !m.StartsWith("The simulated workflow is stuck", StringComparison.Ordinal))
                {
                    failures++;
                }
            }
        }

        var tasks = handler.Tasks.ToList();
        var delays = tasks.Where(t => t.DetectionDelay is not null).Select(t => t.DetectionDelay!.Value.TotalMilliseconds).Order().ToList();
        return new PollingPolicyResult(
            policy.Name,
            tasks.Count,
            tasks.Average(t => t.Polls),
            Percentile(delays, 0.5),
            Percentile(delays, 0.95),
            delays.Count == 0 ? double.NaN : delays[^1],
            Math.Max(failures, tasks.Count(t => t.DetectionDelay is null)));
    }

    /// <summary>Lognormal durations by Box-Muller from a fixed seed: the same list for every policy.</summary>
    private static List<TimeSpan> Durations(int count) => LognormalDurations.Draw(Seed, count, TimeSpan.FromSeconds(MedianSeconds), Sigma);

    /// <summary>Nearest-rank percentile of sorted values.</summary>
    public static double Percentile(IReadOnlyList<double> sorted, double p) =>
        sorted.Count == 0 ? double.NaN : sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Count) - 1, 0, sorted.Count - 1)];
}

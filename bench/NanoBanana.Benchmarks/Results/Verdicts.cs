using System.Globalization;
using NanoBanana.Benchmarks.Overhead;
using NanoBanana.Benchmarks.Polling;
using NanoBanana.Benchmarks.Scale;

namespace NanoBanana.Benchmarks.Results;

/// <summary>The benchmark targets (bench/README.md) checked against a run's figures, and the one summary line.</summary>
internal static class Verdicts
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    /// <summary>
    /// The worse (larger) facade / baseline ratio of get-task and create-task at an endpoint: time from the
    /// paired rounds when they ran (they see the same load; see <see cref="PairedRatioRun"/>), else from
    /// BenchmarkDotNet; allocations from BenchmarkDotNet.
    /// </summary>
    public static (double Time, double Allocation)? FacadeRatio(IReadOnlyList<OverheadRatio> ratios, IReadOnlyList<OverheadRatio> paired, Endpoint endpoint)
    {
        var rows = ratios.Where(r => r.Client == "Facade" && r.Endpoint == endpoint.ToString()).ToList();
        var pairedRows = paired.Where(r => r.Client == "Facade" && r.Endpoint == endpoint.ToString()).ToList();
        if (rows.Count == 0)
        {
            return null;
        }

        var time = pairedRows.Count > 0 ? pairedRows.Max(r => r.TimeRatio) : rows.Max(r => r.TimeRatio);
        return (time, rows.Max(r => r.AllocationRatio));
    }

    public static IReadOnlyList<TargetCheck> Check(
        IReadOnlyList<OverheadRatio> ratios, IReadOnlyList<OverheadRatio> paired, PollingResult? polling, IReadOnlyList<ScaleResult> scale, BuildTiming? build)
    {
        var checks = new List<TargetCheck>();
        var inMemory = FacadeRatio(ratios, paired, Endpoint.InMemory);
        var loopback = FacadeRatio(ratios, paired, Endpoint.Loopback);
        checks.Add(Ratio("in-memory time, facade / baseline (worse of get/create; paired rounds)", 1.3, inMemory?.Time));
        checks.Add(Ratio("in-memory allocations, facade / baseline (worse of get/create)", 1.3, inMemory?.Allocation));
        checks.Add(Ratio("loopback time, facade / baseline (worse of get/create; paired rounds)", 1.05, loopback?.Time));

        var (policy, fixed1S) = PollingPair(polling);
        checks.Add(policy is null || fixed1S is null
            ? new TargetCheck("polling requests per task, default vs fixed 1 s", "<= 55% of fixed 1 s", "not measured", null)
            : new TargetCheck("polling requests per task, default vs fixed 1 s", $"<= {fixed1S.RequestsPerTask * 0.55:0.0} (55% of {fixed1S.RequestsPerTask:0.0})",
                $"{policy.RequestsPerTask:0.0} ({policy.RequestsPerTask / fixed1S.RequestsPerTask:P0})", policy.RequestsPerTask <= fixed1S.RequestsPerTask * 0.55));
        checks.Add(policy is null
            ? new TargetCheck("p95 detection delay, default", "<= 2000 ms", "not measured", null)
            : new TargetCheck("p95 detection delay, default", "<= 2000 ms",
                $"{policy.DetectP95Ms:0} ms (median {policy.DetectMedianMs:0} ms; fixed 1 s: {fixed1S?.DetectMedianMs:0} ms)", policy.DetectP95Ms <= 2000));
        checks.Add(policy is null
            ? new TargetCheck("worst detection delay, default", "<= 3000 ms", "not measured", null)
            : new TargetCheck("worst detection delay, default", "<= 3000 ms", $"{policy.DetectMaxMs:0} ms", policy.DetectMaxMs <= 3000));

        foreach (var run in scale)
        {
            checks.Add(new TargetCheck($"scale ({run.Scenario}): none lost or duplicated", "lost = 0, duplicated = 0, creates = calls - rejected",
                $"lost {run.Lost}, duplicated {run.Duplicated}, creates {run.Creates} for {run.Calls} calls ({run.Rejected} rejected)",
                run.Lost == 0 && run.Duplicated == 0 && run.Creates == run.Calls - run.Rejected));
        }

        if (scale.Count == 0)
        {
            checks.Add(new TargetCheck("scale: none lost or duplicated", "lost = 0, duplicated = 0", "not measured", null));
        }

        checks.Add(build is null
            ? new TargetCheck("no-change build skips generation", "GenerateTransport skipped", "not measured", null)
            : new TargetCheck("no-change build skips generation", "GenerateTransport skipped",
                $"{(build.GenerationSkipped ? "skipped" : "RAN")} ({build.GenerateTransportTargetMs?.ToString("0", Inv) ?? "?"} ms); {build.WithGenerationSeconds:0.00} s with vs {build.WithoutGenerationSeconds:0.00} s without ({build.Ratio:0.00}x)",
                build.GenerationSkipped));
        return checks;
    }

    /// <summary>
    /// Facade time / Kiota client time, in memory, get-task: from the paired rounds when they ran (both are
    /// ratios to the same baseline in the same rounds), else from BenchmarkDotNet's medians.
    /// </summary>
    public static double? KiotaTimeRatio(IReadOnlyList<OverheadRatio> ratios, IReadOnlyList<OverheadRatio> paired)
    {
        foreach (var rows in new[] { paired, ratios })
        {
            var facade = rows.FirstOrDefault(r => r.Client == "Facade" && r.Operation == "get-task" && r.Endpoint == nameof(Endpoint.InMemory));
            var kiota = rows.FirstOrDefault(r => r.Client == "Kiota" && r.Operation == "get-task" && r.Endpoint == nameof(Endpoint.InMemory));
            if (facade is not null && kiota is not null && kiota.TimeRatio > 0) return facade.TimeRatio / kiota.TimeRatio;
        }

        return null;
    }

    /// <summary>The summary line, in the form bench/README.md describes; <c>n/a</c> where a part was not measured.</summary>
    public static string SummaryLine(IReadOnlyList<OverheadRatio> ratios, IReadOnlyList<OverheadRatio> paired, PollingResult? polling, IReadOnlyList<ScaleResult> scale)
    {
        var inMemory = FacadeRatio(ratios, paired, Endpoint.InMemory);
        var loopback = FacadeRatio(ratios, paired, Endpoint.Loopback);
        var (policy, fixed1S) = PollingPair(polling);
        return string.Join(' ',
            $"loopback-time-ratio={F(loopback?.Time, "0.00")}",
            $"inmem-time-ratio={F(inMemory?.Time, "0.00")}",
            $"inmem-alloc-ratio={F(inMemory?.Allocation, "0.00")}",
            $"kiota-time-ratio={F(KiotaTimeRatio(ratios, paired), "0.00")}",
            $"polls-per-task={F(policy?.RequestsPerTask, "0.0")} (fixed-1s={F(fixed1S?.RequestsPerTask, "0.0")})",
            $"detect-median-ms={F(policy?.DetectMedianMs, "0")} (fixed-1s={F(fixed1S?.DetectMedianMs, "0")})",
            $"detect-p95-ms={F(policy?.DetectP95Ms, "0")}",
            $"detect-max-ms={F(policy?.DetectMaxMs, "0")}",
            $"scale-lost={(scale.Count == 0 ? "n/a" : scale.Sum(s => s.Lost).ToString(Inv))}",
            $"scale-duplicated={(scale.Count == 0 ? "n/a" : scale.Sum(s => s.Duplicated).ToString(Inv))}");
    }

    private static (PollingPolicyResult? Default, PollingPolicyResult? Fixed1S) PollingPair(PollingResult? polling) =>
        (polling?.Policies.FirstOrDefault(p => p.Policy == "default"), polling?.Policies.FirstOrDefault(p => p.Policy == "fixed-1s"));

    private static TargetCheck Ratio(string name, double limit, double? value) =>
        new(name, "<= " + limit.ToString("0.00", Inv), F(value, "0.00"), value is null ? null : value <= limit);

    private static string F(double? value, string format) => value?.ToString(format, Inv) ?? "n/a";
}

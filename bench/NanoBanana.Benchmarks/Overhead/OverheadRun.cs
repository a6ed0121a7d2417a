using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Diagnosers;
using BenchmarkDotNet.Exporters;
using Perfolizer.Horology;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Loggers;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;
using BenchmarkDotNet.Toolchains.InProcess.Emit;

namespace NanoBanana.Benchmarks.Overhead;

/// <summary>Runs <see cref="PerCallBenchmarks"/> with BenchmarkDotNet and turns its summary into figures and ratios.</summary>
internal static class OverheadRun
{
    public static (IReadOnlyList<PerCallResult> Results, IReadOnlyList<OverheadRatio> Ratios) Run(BenchMode mode, string artifactsPath)
    {
        // The benchmarks share one process: bring every path to its final JIT tier first, so the order in
        // which BenchmarkDotNet runs them does not favour the later ones.
        PreWarmAsync().GetAwaiter().GetResult();

        // In process: no generated project to build (fast, and immune to the repository's build settings);
        // the same process hosts Kestrel for the loopback endpoint.
        var job = Job.Default
            .WithToolchain(new InProcessEmitToolchain(TimeSpan.FromMinutes(10), logOutput: false))
            .WithLaunchCount(1)
            .WithWarmupCount(mode.WarmupCount)
            .WithIterationCount(mode.IterationCount)
            .WithIterationTime(TimeInterval.FromMilliseconds(mode.IterationTimeMs))
            .WithId(mode.Name);
        var config = ManualConfig.CreateEmpty()
            .AddJob(job)
            .AddDiagnoser(MemoryDiagnoser.Default)
            .AddColumnProvider(DefaultColumnProviders.Instance)
            .AddColumn(StatisticColumn.Median)
            .AddLogger(ConsoleLogger.Default)
            .AddExporter(MarkdownExporter.GitHub)
            .WithArtifactsPath(artifactsPath)
            .WithOrderer(new BenchmarkDotNet.Order.DefaultOrderer(BenchmarkDotNet.Order.SummaryOrderPolicy.Declared));

        var summary = BenchmarkRunner.Run<PerCallBenchmarks>(config);
        var results = summary.Reports.Select(ToResult).OfType<PerCallResult>().ToList();
        return (results, Ratios(results));
    }

    private static async Task PreWarmAsync()
    {
        var calls = typeof(PerCallBenchmarks).GetMethods()
            .Where(m => m.GetCustomAttributes(typeof(BenchmarkDotNet.Attributes.BenchmarkAttribute), false).Length > 0)
            .ToList();
        foreach (var endpoint in Enum.GetValues<Endpoint>())
        {
            var benchmarks = new PerCallBenchmarks { Endpoint = endpoint };
            await benchmarks.SetupAsync().ConfigureAwait(false);
            for (var round = 0; round < 3; round++)
            {
                foreach (var call in calls)
                {
                    for (var i = 0; i < 200; i++)
                    {
                        await ((Task)call.Invoke(benchmarks, null)!).ConfigureAwait(false);
                    }
                }

                await Task.Delay(150).ConfigureAwait(false); // lets the tiered JIT's background compiles land
            }

            await benchmarks.CleanupAsync().ConfigureAwait(false);
        }
    }

    private static PerCallResult? ToResult(BenchmarkReport report)
    {
        if (report.ResultStatistics is not { } stats)
        {
            return null;
        }

        var method = report.BenchmarkCase.Descriptor.WorkloadMethod.Name;
        var operation = method.StartsWith("GetTask", StringComparison.Ordinal) ? "get-task" : "create-task";
        var client = method[(method.IndexOf('_', StringComparison.Ordinal) + 1)..];
        var endpoint = report.BenchmarkCase.Parameters["Endpoint"]?.ToString() ?? "?";
        var allocated = report.GcStats.GetBytesAllocatedPerOperation(report.BenchmarkCase) ?? 0;
        return new PerCallResult(operation, client, endpoint, stats.Mean, stats.Median, stats.StandardDeviation, allocated);
    }

    private static List<OverheadRatio> Ratios(List<PerCallResult> results) =>
        results
            .Where(r => r.Client != "Baseline")
            .Select(r => (Result: r, Baseline: results.SingleOrDefault(b => b.Client == "Baseline" && b.Operation == r.Operation && b.Endpoint == r.Endpoint)))
            .Where(pair => pair.Baseline is not null)
            .Select(pair => new OverheadRatio(
                pair.Result.Operation,
                pair.Result.Client,
                pair.Result.Endpoint,
                pair.Result.MedianNs / pair.Baseline!.MedianNs,
                pair.Baseline.AllocatedBytes == 0 ? double.NaN : (double)pair.Result.AllocatedBytes / pair.Baseline.AllocatedBytes))
            .ToList();
}

using NanoBanana.Benchmarks.Overhead;
using NanoBanana.Benchmarks.Polling;
using NanoBanana.Benchmarks.Scale;

namespace NanoBanana.Benchmarks.Results;

/// <summary>Everything one run measured, written as markdown and JSON under <c>bench/results/</c>.</summary>
internal sealed record BenchReport(
    string Mode,
    DateTimeOffset StartedAt,
    double DurationSeconds,
    MachineInfo Machine,
    IReadOnlyList<PerCallResult> PerCall,
    IReadOnlyList<OverheadRatio> Ratios,
    IReadOnlyList<OverheadRatio> PairedRatios,
    PollingResult? Polling,
    IReadOnlyList<ScaleResult> Scale,
    BuildTiming? Build,
    IReadOnlyList<TargetCheck> Targets,
    IReadOnlyList<string> Notes,
    string SummaryLine);

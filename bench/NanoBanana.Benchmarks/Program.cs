using System.Diagnostics;
using NanoBanana.Benchmarks;
using NanoBanana.Benchmarks.Overhead;
using NanoBanana.Benchmarks.Polling;
using NanoBanana.Benchmarks.Results;
using NanoBanana.Benchmarks.Scale;

// Usage: NanoBanana.Benchmarks quick|full [--results DIR] [--build-json FILE] [--only overhead,polling,scale | --only breakdown | --only allocations]
// Runs every part side by side, writes <results>/<mode>.md and .json, and ends with the one summary line.
var mode = BenchMode.Parse(args.FirstOrDefault() ?? "quick");
var resultsDir = Option("--results") ?? Path.Combine("bench", "results");
var buildJson = Option("--build-json");
var only = (Option("--only") ?? "overhead,polling,scale").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

var started = DateTimeOffset.UtcNow;
var clock = Stopwatch.StartNew();
var machine = MachineInfo.Collect();
Console.WriteLine($"NanoBanana.Benchmarks {mode.Name}: {machine}");

IReadOnlyList<PerCallResult> perCall = [];
IReadOnlyList<OverheadRatio> ratios = [];
IReadOnlyList<OverheadRatio> paired = [];
if (only.Contains("overhead"))
{
    (perCall, ratios) = OverheadRun.Run(mode, Path.Combine(Path.GetTempPath(), "nanobanana-bdn-" + mode.Name));
    paired = await PairedRatioRun.RunAsync().ConfigureAwait(false);
    foreach (var p in paired)
    {
        Console.WriteLine($"paired {p.Operation,-11} {p.Endpoint,-8} {p.Client,-9} time / baseline {p.TimeRatio:0.00}");
    }
}

if (only.Contains("breakdown"))
{
    var breakdown = await OverheadBreakdown.RunAsync(mode).ConfigureAwait(false);
    Directory.CreateDirectory(resultsDir);
    await File.WriteAllTextAsync(Path.Combine(resultsDir, "breakdown-" + mode.Name + ".md"),
        "# Where the facade's get-task time goes\n\nMachine: " + machine + ".\n\n" + breakdown).ConfigureAwait(false);
    return 0;
}

if (only.Contains("allocations"))
{
    Console.WriteLine(await AllocationProfile.RunAsync().ConfigureAwait(false));
    return 0;
}

PollingResult? polling = null;
if (only.Contains("polling"))
{
    polling = await PollingRun.RunAsync(mode).ConfigureAwait(false);
}

IReadOnlyList<ScaleResult> scale = [];
if (only.Contains("scale"))
{
    scale = await ScaleRun.RunAsync(mode).ConfigureAwait(false);
}

var build = BuildTiming.Load(buildJson);
var targets = Verdicts.Check(ratios, paired, polling, scale, build);
var summary = Verdicts.SummaryLine(ratios, paired, polling, scale);
var notes = new List<string>
{
    "Ratios use medians (the machine is shared with other builds); allocations are BenchmarkDotNet's bytes per operation.",
    "Per-call benchmarks run in process (InProcessEmitToolchain), the loopback Kestrel server in the same process, so client and server share the 2 cores.",
};
var report = new BenchReport(mode.Name, started, clock.Elapsed.TotalSeconds, machine.WithEndLoad(), perCall, ratios, paired, polling, scale, build, targets, notes, summary);
ResultsWriter.Write(report, resultsDir);

Console.WriteLine();
foreach (var target in targets)
{
    Console.WriteLine($"  [{(target.Met is null ? "n/a" : target.Met.Value ? "met" : "NOT MET")}] {target.Name}: {target.Measured} (target {target.Target})");
}

Console.WriteLine($"results: {Path.Combine(resultsDir, mode.Name)}.md, .json ({clock.Elapsed.TotalSeconds:0} s)");
Console.WriteLine(summary);
return 0;

string? Option(string name)
{
    var index = Array.IndexOf(args, name);
    return index >= 0 && index + 1 < args.Length ? args[index + 1] : null;
}

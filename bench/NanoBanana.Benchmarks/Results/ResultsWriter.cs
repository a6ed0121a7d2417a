using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace NanoBanana.Benchmarks.Results;

/// <summary>Writes a run's report as <c>&lt;mode&gt;.md</c> and <c>&lt;mode&gt;.json</c>.</summary>
internal static class ResultsWriter
{
    private static readonly JsonSerializerOptions JsonOptions = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
    };

    public static void Write(BenchReport report, string directory)
    {
        Directory.CreateDirectory(directory);
        File.WriteAllText(Path.Combine(directory, report.Mode + ".json"), JsonSerializer.Serialize(report, JsonOptions) + "\n");
        File.WriteAllText(Path.Combine(directory, report.Mode + ".md"), Markdown(report));
    }

    private static string Markdown(BenchReport r)
    {
        var inv = CultureInfo.InvariantCulture;
        var md = new StringBuilder();
        md.AppendLine(inv, $"# NanoBanana.Contract benchmarks: {r.Mode} run");
        md.AppendLine();
        md.AppendLine(inv, $"Started {r.StartedAt:yyyy-MM-dd HH:mm} UTC, took {r.DurationSeconds:0} s. Machine: {r.Machine}.");
        md.AppendLine();
        md.AppendLine("```");
        md.AppendLine(r.SummaryLine);
        md.AppendLine("```");
        md.AppendLine();
        md.AppendLine("## Targets");
        md.AppendLine();
        md.AppendLine("| What | Target | Measured | Met |");
        md.AppendLine("|---|---|---|---|");
        foreach (var t in r.Targets)
        {
            md.AppendLine(inv, $"| {t.Name} | {t.Target} | {t.Measured} | {(t.Met is null ? "not measured" : t.Met.Value ? "yes" : "**no**")} |");
        }

        md.AppendLine();
        md.AppendLine("## 1. Per-call overhead (BenchmarkDotNet, in process, memory diagnoser)");
        md.AppendLine();
        md.AppendLine("| Operation | Endpoint | Client | Median | Mean | StdDev | Allocated | Time / baseline | Alloc / baseline |");
        md.AppendLine("|---|---|---|---:|---:|---:|---:|---:|---:|");
        foreach (var p in r.PerCall.OrderBy(p => p.Operation).ThenBy(p => p.Endpoint).ThenBy(p => ClientOrder(p.Client)))
        {
            var ratio = r.Ratios.FirstOrDefault(x => x.Operation == p.Operation && x.Endpoint == p.Endpoint && x.Client == p.Client);
            md.AppendLine(inv, $"| {p.Operation} | {p.Endpoint} | {p.Client} | {Us(p.MedianNs)} | {Us(p.MeanNs)} | {Us(p.StdDevNs)} | {p.AllocatedBytes:N0} B | {(ratio is null ? "1.00" : ratio.TimeRatio.ToString("0.00", inv))} | {(ratio is null ? "1.00" : ratio.AllocationRatio.ToString("0.00", inv))} |");
        }

        if (r.PairedRatios.Count > 0)
        {
            md.AppendLine();
            md.AppendLine("Time ratios again from paired rounds (each round runs a batch of every client back to back, in a shuffled order; median of the rounds' ratios). The targets use these: BenchmarkDotNet runs one benchmark after another, and the load of this shared machine changes in between.");
            md.AppendLine();
            md.AppendLine("| Operation | Endpoint | Client | Time / baseline (paired) |");
            md.AppendLine("|---|---|---|---:|");
            foreach (var p in r.PairedRatios.OrderBy(p => p.Operation).ThenBy(p => p.Endpoint).ThenBy(p => ClientOrder(p.Client)))
            {
                md.AppendLine(inv, $"| {p.Operation} | {p.Endpoint} | {p.Client} | {p.TimeRatio:0.00} |");
            }
        }

        md.AppendLine();
        md.AppendLine("## 2. Polling on simulated time");
        md.AppendLine();
        if (r.Polling is { } polling)
        {
            md.AppendLine(inv, $"Durations: {polling.Distribution}; drawn median {polling.DurationMedianMs / 1000:0.0} s, p95 {polling.DurationP95Ms / 1000:0.0} s. {polling.Note}");
            md.AppendLine();
            md.AppendLine("| Policy | Tasks | Requests per task | Detection median | Detection p95 | Detection max | Unfinished |");
            md.AppendLine("|---|---:|---:|---:|---:|---:|---:|");
            foreach (var p in polling.Policies)
            {
                md.AppendLine(inv, $"| {p.Policy} | {p.Tasks} | {p.RequestsPerTask:0.00} | {p.DetectMedianMs:0} ms | {p.DetectP95Ms:0} ms | {p.DetectMaxMs:0} ms | {p.Unfinished} |");
            }
        }
        else
        {
            md.AppendLine("Not measured in this run.");
        }

        md.AppendLine();
        md.AppendLine("## 3. Scale: generate calls through one client against the in-process simulator");
        md.AppendLine();
        if (r.Scale.Count > 0)
        {
            md.AppendLine("| Scenario | Calls | In flight | Wall time | Peak working set | Peak managed heap | Requests | Creates | Succeeded | Rejected | Lost | Duplicated | 429s sent |");
            md.AppendLine("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
            foreach (var s in r.Scale)
            {
                md.AppendLine(inv, $"| {s.Scenario} | {s.Calls:N0} | {s.MaxInFlight:N0} | {s.WallSeconds:0.0} s | {Mib(s.PeakWorkingSetBytes)} | {Mib(s.PeakManagedHeapBytes)} | {s.RequestsSent:N0} | {s.Creates:N0} | {s.Succeeded:N0} | {s.Rejected:N0} | {s.Lost:N0} | {s.Duplicated:N0} | {s.RateLimitedResponses:N0} |");
            }

            md.AppendLine();
            foreach (var s in r.Scale)
            {
                md.AppendLine(inv, $"- {s.Scenario}: {s.Recovery}");
            }
        }
        else
        {
            md.AppendLine("Not measured in this run.");
        }

        md.AppendLine();
        md.AppendLine("## 4. Build: no-change rebuild with and without transport generation");
        md.AppendLine();
        if (r.Build is { } b)
        {
            var targetMs = b.GenerateTransportTargetMs is { } ms ? string.Create(inv, $", {ms:0} ms in MSBuild's performance summary") : "";
            md.AppendLine(string.Create(inv, $"`dotnet build NanoBanana.Contract.sln -c Release --no-restore`, {b.Repetitions} of each, interleaved, medians: ") +
                          string.Create(inv, $"{b.WithGenerationSeconds:0.00} s with generation, {b.WithoutGenerationSeconds:0.00} s with `-p:SkipTransportGeneration=true` ") +
                          string.Create(inv, $"({b.Ratio:0.00}x). GenerateTransport on a no-change build: {(b.GenerationSkipped ? "skipped" : "RAN")}{targetMs}. ") +
                          "Wall-time differences between the two come from the machine's load (other builds run beside), not from the skipped target.");
        }
        else
        {
            md.AppendLine("Not measured in this run.");
        }

        if (r.Notes.Count > 0)
        {
            md.AppendLine();
            md.AppendLine("## Notes");
            md.AppendLine();
            foreach (var note in r.Notes)
            {
                md.AppendLine(inv, $"- {note}");
            }
        }

        return md.ToString();
    }

    private static int ClientOrder(string client) => client switch { "Baseline" => 0, "Transport" => 1, _ => 2 };

    private static string Us(double ns) => (ns / 1000).ToString("0.00", CultureInfo.InvariantCulture) + " µs";

    private static string Mib(long bytes) => (bytes / (1024.0 * 1024)).ToString("0", CultureInfo.InvariantCulture) + " MiB";
}

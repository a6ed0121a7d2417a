using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using NanoBanana.Batch;
using NanoBanana.Client;

/// <summary>
/// Diagnostics for <c>--trace</c>: when each item was created and completed, and where a run's time went (ledger calls,
/// gaps in the create stage, the tail of the slowest tasks against the p99 term of the bound).
/// </summary>
internal sealed class RunTrace(Stopwatch clock) : IProgress<BatchItemEvent>
{
    private readonly ConcurrentDictionary<string, (double Created, double Completed, string? TaskId)> _items = new();

    public void Report(BatchItemEvent value)
    {
        var now = clock.Elapsed.TotalSeconds;
        if (value.State == BatchItemState.Created && value.Message is null)
        {
            _items.AddOrUpdate(value.Key, _ => (now, double.NaN, value.TaskId), (_, e) => (now, e.Completed, value.TaskId));
        }
        else if (value.State == BatchItemState.Completed)
        {
            _items.AddOrUpdate(value.Key, _ => (double.NaN, now, value.TaskId), (_, e) => (e.Created, now, e.TaskId));
        }
    }

    public async Task PrintAsync(INanoBananaClient client, TimedLedger ledger, TimeSpan latency, int createsInFlight, TimeSpan p99)
    {
        var wall = clock.Elapsed.TotalSeconds;
        Console.WriteLine($"trace: wall {wall:F1} s");
        foreach (var (name, bag) in ledger.Times.OrderByDescending(t => t.Value.Sum()))
        {
            var t = bag.Order().ToArray();
            Console.WriteLine(F($"trace: ledger {name,-10} n={t.Length,5} total={t.Sum() / 1000,7:F2} s mean={t.Average(),7:F2} ms p50={P(t, 0.5),7:F2} p99={P(t, 0.99),7:F2} max={t[^1],7:F2} ms"));
        }

        var created = _items.Values.Select(v => v.Created).Where(c => !double.IsNaN(c)).Order().ToArray();
        var gaps = created.Zip(created.Skip(1), (a, b) => b - a).Order().ToArray();
        var ideal = latency.TotalSeconds / createsInFlight;
        Console.WriteLine(F($"trace: creates recorded {created.Length}, first {created[0]:F2} s, last {created[^1]:F2} s: {created[^1] - created[0]:F1} s for the create stage (ideal {created.Length * ideal:F1} s)"));
        Console.WriteLine(F($"trace: gaps between recorded creates: p50 {P(gaps, 0.5) * 1000:F1} ms, p99 {P(gaps, 0.99) * 1000:F1} ms, max {gaps[^1] * 1000:F1} ms, over 2x ideal: {gaps.Count(g => g > 2 * ideal)} ({gaps.Where(g => g > 2 * ideal).Sum():F1} s)"));

        // Each task's real duration (the simulator's created_at/completed_at, 1 s resolution), against when the runner saw it done.
        var rows = new List<(string Key, double Created, double Completed, double Duration)>();
        foreach (var (key, v) in _items)
        {
            if (v.TaskId is null || double.IsNaN(v.Completed)) continue;
            var task = await client.GetTaskAsync(v.TaskId);
            var duration = task.CompletedAt is { } done && task.CreatedAt is { } start ? (done - start).TotalSeconds : double.NaN;
            rows.Add((key, v.Created, v.Completed, duration));
        }

        var late = rows.Select(r => r.Completed - r.Created - r.Duration).Order().ToArray();
        Console.WriteLine(F($"trace: completion seen after the task finished (+-1 s): p50 {P(late, 0.5):F1} s, p90 {P(late, 0.9):F1} s, p99 {P(late, 0.99):F1} s, max {late[^1]:F1} s"));
        var durations = rows.Select(r => r.Duration).Order().ToArray();
        Console.WriteLine(F($"trace: task durations: p50 {P(durations, 0.5):F1} s, p99 {P(durations, 0.99):F1} s (bound's p99 {p99.TotalSeconds:F1} s), max {durations[^1]:F1} s"));
        Console.WriteLine("trace: the last 8 completions (created, duration, completed, completed - created - duration):");
        foreach (var r in rows.OrderBy(r => r.Completed).TakeLast(8))
        {
            Console.WriteLine(F($"trace:   {r.Key} created {r.Created,6:F1} s + {r.Duration,5:F1} s = {r.Created + r.Duration,6:F1} s; seen {r.Completed,6:F1} s (+{r.Completed - r.Created - r.Duration:F1} s)"));
        }
    }

    private static double P(double[] sorted, double q) => sorted.Length == 0 ? double.NaN : sorted[Math.Clamp((int)Math.Ceiling(q * sorted.Length) - 1, 0, sorted.Length - 1)];

    private static string F(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}

using System.Collections.Concurrent;
using System.Diagnostics.Tracing;
using System.Globalization;
using System.Text;

namespace NanoBanana.Benchmarks.Overhead;

/// <summary>
/// What a call allocates, by type (<c>--only allocations</c>): many in-memory calls of each client while the runtime's
/// allocation sampling event (one sample about every 100 KB) is on, so each type's share of samples is its share of
/// the bytes. Diagnostic: not part of the targets.
/// </summary>
internal static class AllocationProfile
{
    public static async Task<string> RunAsync()
    {
        var b = new PerCallBenchmarks { Endpoint = Endpoint.InMemory };
        await b.SetupAsync().ConfigureAwait(false);
        var md = new StringBuilder();
        var variants = new (string Name, Func<Task> Call)[]
        {
            ("get-task baseline", b.GetTask_Baseline),
            ("get-task transport", b.GetTask_Transport),
            ("get-task facade", b.GetTask_Facade),
            ("create-task baseline", b.CreateTask_Baseline),
            ("create-task transport", b.CreateTask_Transport),
            ("create-task facade", b.CreateTask_Facade),
        };
        foreach (var (name, call) in variants)
        {
            for (var i = 0; i < 2_000; i++) await call().ConfigureAwait(false);
            const int calls = 200_000;
            using var listener = new AllocationListener();
            var before = GC.GetTotalAllocatedBytes(precise: true);
            for (var i = 0; i < calls; i++) await call().ConfigureAwait(false);
            var perCall = (GC.GetTotalAllocatedBytes(precise: true) - before) / calls;
            listener.Dispose();
            var samples = listener.Samples.ToArray();
            var total = samples.Sum(s => s.Value);
            md.AppendLine(string.Create(CultureInfo.InvariantCulture, $"## {name}: {perCall:N0} B per call ({total} samples)"));
            foreach (var (type, count) in samples.OrderByDescending(s => s.Value).Take(40))
            {
                md.AppendLine(string.Create(CultureInfo.InvariantCulture, $"  {perCall * (double)count / total,7:0} B  {type}"));
            }
        }

        await b.CleanupAsync().ConfigureAwait(false);
        return md.ToString();
    }

    private sealed class AllocationListener : EventListener
    {
        private const EventKeywords GcKeyword = (EventKeywords)0x1;
        private bool _enabled;

        public ConcurrentDictionary<string, int> Samples { get; } = new();

        protected override void OnEventSourceCreated(EventSource eventSource)
        {
            if (eventSource.Name == "Microsoft-Windows-DotNETRuntime")
            {
                EnableEvents(eventSource, EventLevel.Verbose, GcKeyword);
                _enabled = true;
            }
        }

        protected override void OnEventWritten(EventWrittenEventArgs e)
        {
            if (!_enabled || e.EventName is null || !e.EventName.StartsWith("GCAllocationTick", StringComparison.Ordinal) || e.Payload is null) return;
            var index = e.PayloadNames?.IndexOf("TypeName") ?? -1;
            if (index < 0) return;
            Samples.AddOrUpdate(e.Payload[index]?.ToString() ?? "?", 1, (_, n) => n + 1);
        }
    }
}

using System.Diagnostics;
using System.Globalization;
using System.Text;
using Microsoft.Extensions.Logging.Abstractions;
using NanoBanana.Client;
using Polly;

namespace NanoBanana.Benchmarks.Overhead;

/// <summary>
/// Where the facade's get-task time goes (<c>--only breakdown</c>): the transport alone, then with one of
/// the facade's per-call layers added at a time (a Polly pipeline around every attempt, as the facade had before its
/// first-attempt fast path; its call scope; a timeout token; its
/// task-id validation), then the facade, each against the baseline in paired rounds and with allocations
/// per call. Diagnostic: not part of the targets.
/// </summary>
internal static class OverheadBreakdown
{
    public static async Task<string> RunAsync(BenchMode mode)
    {
        var rounds = mode.Name == "full" ? 61 : 21;
        var random = new Random(11);
        var md = new StringBuilder();
        md.AppendLine("| Endpoint | Variant | Time / baseline (paired median) | Allocated per call |");
        md.AppendLine("|---|---|---:|---:|");
        foreach (var endpoint in Enum.GetValues<Endpoint>())
        {
            var batch = endpoint == Endpoint.InMemory ? 400 : 60;
            var b = new PerCallBenchmarks { Endpoint = endpoint };
            await b.SetupAsync().ConfigureAwait(false);
            // The facade's read pipeline as it was before the fast path: retry (as the client configures it) around a
            // per-attempt timeout (the client now times each attempt itself).
            var pollyAroundEveryAttempt = new ResiliencePipelineBuilder()
                .AddPipeline(new ResiliencePipelines(new NanoBananaClientOptions { ApiKey = "sk-x" }, TimeProvider.System, NullLogger.Instance).Read.Pipeline)
                .AddTimeout(TimeSpan.FromSeconds(30))
                .Build();
            var transport = b.Transport;
            const string id = CannedResponses.TaskId;
            var variants = new (string Name, Func<Task> Call)[]
            {
                ("baseline", b.GetTask_Baseline),
                ("transport", b.GetTask_Transport),
                ("transport + validate task id", () =>
                {
                    GenerationRequestValidator.ValidateTaskId(id);
                    return transport.GetTaskAsync(id, CancellationToken.None);
                }),
                ("transport + ApiCallScope (handed to the transport's hooks)", async () =>
                {
                    using var scope = ApiCallScope.Begin(TimeProvider.System);
                    await scope.Send(static (t, i, c) => t.GetTaskAsync(i, c), transport, id, CancellationToken.None).ConfigureAwait(false);
                }),
                ("transport + a cancellable token (CancellationTokenSource, CancelAfter 30 s)", async () =>
                {
                    using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(30));
                    await transport.GetTaskAsync(id, cts.Token).ConfigureAwait(false);
                }),
                ("transport + Polly read pipeline (retry + 30 s timeout) around every attempt (the facade before the fast path)", async () =>
                    await pollyAroundEveryAttempt.ExecuteAsync(static async (t, ct) => await t.GetTaskAsync(id, ct).ConfigureAwait(false), transport, CancellationToken.None).ConfigureAwait(false)),
                ("facade", b.GetTask_Facade),
            };
            foreach (var (_, call) in variants)
            {
                await Batch(call, batch).ConfigureAwait(false);
            }

            var ratios = variants.ToDictionary(v => v.Name, _ => new List<double>());
            for (var round = 0; round < rounds; round++)
            {
                var times = new Dictionary<string, double>();
                foreach (var (name, call) in variants.OrderBy(_ => random.Next()))
                {
                    times[name] = (await Batch(call, batch).ConfigureAwait(false)).Ms;
                }

                foreach (var (name, _) in variants)
                {
                    ratios[name].Add(times[name] / times["baseline"]);
                }
            }

            foreach (var (name, call) in variants)
            {
                var bytes = (await Batch(call, batch).ConfigureAwait(false)).Bytes / batch;
                var sorted = ratios[name].Order().ToList();
                var line = string.Create(CultureInfo.InvariantCulture, $"| {endpoint} | {name} | {sorted[sorted.Count / 2]:0.00} | {bytes:N0} B |");
                Console.WriteLine(line);
                md.AppendLine(line);
            }

            await b.CleanupAsync().ConfigureAwait(false);
        }

        return md.ToString();
    }

    private static async Task<(double Ms, long Bytes)> Batch(Func<Task> call, int count)
    {
        var before = GC.GetTotalAllocatedBytes(precise: true);
        var watch = Stopwatch.StartNew();
        for (var i = 0; i < count; i++)
        {
            await call().ConfigureAwait(false);
        }

        var ms = watch.Elapsed.TotalMilliseconds;
        return (ms, GC.GetTotalAllocatedBytes(precise: true) - before);
    }
}

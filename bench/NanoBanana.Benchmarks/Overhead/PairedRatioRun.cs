using System.Diagnostics;

namespace NanoBanana.Benchmarks.Overhead;

/// <summary>
/// The time ratios again, measured in paired rounds: each round runs a short batch of every client, in a
/// shuffled order, back to back, and the round's ratio is client / baseline; the figure is the median over
/// rounds. BenchmarkDotNet runs one benchmark after another, so on a machine shared with other builds the
/// load can change between the baseline and the facade; paired rounds see the same load.
/// </summary>
internal static class PairedRatioRun
{
    private static readonly string[] Clients = ["Baseline", "Transport", "Facade", "Kiota"];

    public static async Task<IReadOnlyList<OverheadRatio>> RunAsync()
    {
        // 101 rounds in both modes: a round of loopback calls lasts a few milliseconds, so fewer rounds leave the
        // median at the mercy of one GC or timer tick (31 rounds moved the quick loopback figure by +-0.03).
        const int rounds = 101;
        var random = new Random(7);
        var ratios = new List<OverheadRatio>();
        foreach (var endpoint in Enum.GetValues<Endpoint>())
        {
            var batch = endpoint == Endpoint.InMemory ? 400 : 60;
            var benchmarks = new PerCallBenchmarks { Endpoint = endpoint };
            await benchmarks.SetupAsync().ConfigureAwait(false);
            try
            {
                foreach (var operation in new[] { "get-task", "create-task" })
                {
                    var calls = new Dictionary<string, Func<Task>>
                    {
                        ["Baseline"] = operation == "get-task" ? benchmarks.GetTask_Baseline : benchmarks.CreateTask_Baseline,
                        ["Transport"] = operation == "get-task" ? benchmarks.GetTask_Transport : benchmarks.CreateTask_Transport,
                        ["Facade"] = operation == "get-task" ? benchmarks.GetTask_Facade : benchmarks.CreateTask_Facade,
                        ["Kiota"] = operation == "get-task" ? benchmarks.GetTask_Kiota : benchmarks.CreateTask_Kiota,
                    };
                    foreach (var call in calls.Values)
                    {
                        await BatchAsync(call, batch).ConfigureAwait(false); // warm
                    }

                    var perRound = Clients.ToDictionary(c => c, _ => new List<double>());
                    for (var round = 0; round < rounds; round++)
                    {
                        var times = new Dictionary<string, double>();
                        foreach (var client in Clients.OrderBy(_ => random.Next()))
                        {
                            times[client] = await BatchAsync(calls[client], batch).ConfigureAwait(false);
                        }

                        foreach (var client in Clients)
                        {
                            perRound[client].Add(times[client] / times["Baseline"]);
                        }
                    }

                    foreach (var client in Clients.Skip(1))
                    {
                        var sorted = perRound[client].Order().ToList();
                        ratios.Add(new OverheadRatio(operation, client, endpoint.ToString(), sorted[sorted.Count / 2], double.NaN));
                    }
                }
            }
            finally
            {
                await benchmarks.CleanupAsync().ConfigureAwait(false);
            }
        }

        return ratios;
    }

    private static async Task<double> BatchAsync(Func<Task> call, int count)
    {
        var watch = Stopwatch.StartNew();
        for (var i = 0; i < count; i++)
        {
            await call().ConfigureAwait(false);
        }

        return watch.Elapsed.TotalMilliseconds;
    }
}

using NanoBanana.Client;

namespace NanoBanana.Benchmarks.Polling;

/// <summary>
/// The facade's wait, driven through its real code on the simulated clock: <c>GenerateAsync</c> (create,
/// then wait; the headline "default"), create then a wait on <c>ResumeGeneration</c> of its id (no create time known), and a few settings of its
/// polling options, to see whether a tunable meets both targets.
/// </summary>
internal static class FacadePolicies
{
    public const string Note =
        "The facade's policies run its real GenerateAsync / ResumeGeneration(id).WaitForCompletionAsync (NanoBananaClient with a FakeTimeProvider-based clock and an in-memory API), one task after another, so its duration estimator learns from earlier tasks' costTime as in a long-running service. \"default\" is GenerateAsync with default options.";

    public static IEnumerable<PollingPolicy> All(bool tuning)
    {
        yield return Policy("default", useGenerate: true, _ => { });
        yield return Policy("default, start + ResumeGeneration(id) wait", useGenerate: false, _ => { });
        if (!tuning)
        {
            yield break;
        }

        // The trade-off around the default (FirstPollQuantile 0.2, RelativeInterval 0.15, MaxInterval 2 s,
        // MaxInitialInterval 2.8 s): fewer requests or a shorter delay, never both (docs/client.md, "Polling").
        yield return Policy("uncapped: MaxInterval=15s, MaxInitialInterval=15s, RelativeInterval=0.10 (the default before)", useGenerate: true, p => { p.MaxInterval = TimeSpan.FromSeconds(15); p.MaxInitialInterval = TimeSpan.FromSeconds(15); p.RelativeInterval = 0.10; });
        yield return Policy("RelativeInterval=0.12", useGenerate: true, p => p.RelativeInterval = 0.12);
        yield return Policy("RelativeInterval=0.20", useGenerate: true, p => p.RelativeInterval = 0.20);
        yield return Policy("MaxInterval=2.5s", useGenerate: true, p => p.MaxInterval = TimeSpan.FromSeconds(2.5));
        yield return Policy("MaxInitialInterval=2s (one cap for every gap)", useGenerate: true, p => p.MaxInitialInterval = TimeSpan.FromSeconds(2));
    }

    private static PollingPolicy Policy(string name, bool useGenerate, Action<NanoBananaPollingOptions> tune) => new(name, (clock, handler) =>
    {
        var options = new NanoBananaClientOptions
        {
            ApiKey = "sk-polling-simulation",
            // Far beyond any poll delay, so the driver never mistakes a request timeout's timer for a poll.
            RequestTimeout = TimeSpan.FromMinutes(10),
            DefaultWaitTimeout = TimeSpan.FromHours(1),
        };
        tune(options.Polling);
        var http = new HttpClient(handler, disposeHandler: false) { Timeout = Timeout.InfiniteTimeSpan };
        var downloads = new HttpClient();
        var client = new NanoBananaClient(options, http, downloads, null, clock);
        var request = Overhead.CannedResponses.Request();
        Func<Task> workflow = useGenerate
            ? () => client.GenerateAsync(request)
            : async () =>
            {
                var operation = await client.StartGenerationAsync(request).ConfigureAwait(false);
                await client.ResumeGeneration(operation.TaskId).WaitForCompletionAsync().ConfigureAwait(false);
            };
        return (workflow, new Owned(client, http, downloads));
    });

    private sealed class Owned(params IDisposable[] items) : IDisposable
    {
        public void Dispose()
        {
            foreach (var item in items)
            {
                item.Dispose();
            }
        }
    }
}

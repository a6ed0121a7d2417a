using NanoBanana.Client;
using NanoBananaTransport = NanoBanana.Client.Wire.NanoBananaTransport;

namespace NanoBanana.Benchmarks.Polling;

/// <summary>
/// What other image APIs' clients do: create, then sleep a fixed interval and poll, until completed. Runs
/// over the generated transport, on the simulated clock.
/// </summary>
internal static class FixedIntervalPoller
{
    public static PollingPolicy Policy(string name, TimeSpan interval) => new(name, (clock, handler) =>
    {
        var http = new HttpClient(handler, disposeHandler: false) { BaseAddress = new Uri("https://api.aivideoapi.ai/") };
        var transport = new NanoBananaTransport(http);
        return (() => RunAsync(transport, clock, interval), http);
    });

    private static async Task RunAsync(NanoBananaTransport transport, TimeProvider clock, TimeSpan interval)
    {
        var created = await transport.CreateTaskAsync(NanoBanana.Client.Wire.WireMapping.ToWire(Overhead.CannedResponses.Request()), CancellationToken.None).ConfigureAwait(false);
        while (true)
        {
            await Task.Delay(interval, clock).ConfigureAwait(false);
            var task = await transport.GetTaskAsync(created.Data!.TaskId, CancellationToken.None).ConfigureAwait(false);
            if (task.Status == GenerationTaskStatus.Completed || task.Status == GenerationTaskStatus.Failed)
            {
                return;
            }
        }
    }
}

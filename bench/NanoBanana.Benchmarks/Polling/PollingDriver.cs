using System.Diagnostics;

namespace NanoBanana.Benchmarks.Polling;

/// <summary>
/// Runs one workflow (create, then wait) on simulated time: whenever the workflow is parked on a timer,
/// moves the clock straight to the earliest armed timer, until the workflow ends.
/// </summary>
internal static class PollingDriver
{
    /// <summary>A timer further away than this is not a poll delay (the clients' request timeouts are set far beyond).</summary>
    public static readonly TimeSpan MaxPollDelay = TimeSpan.FromMinutes(2);

    public static async Task RunAsync(SimulatedClock clock, SimulatedTaskHandler handler, Func<Task> workflow)
    {
        var run = workflow();
        while (true)
        {
            await QuiesceAsync(clock, handler, run).ConfigureAwait(false);
            if (run.IsCompleted)
            {
                break;
            }

            clock.AdvanceTo(clock.NextDue()!.Value);
        }

        await run.ConfigureAwait(false);
    }

    /// <summary>
    /// Waits until the workflow has ended, or is parked: no request in flight, a plausible poll timer armed,
    /// and nothing moved for a few rounds (continuations that hopped to the thread pool have run).
    /// </summary>
    private static async Task QuiesceAsync(SimulatedClock clock, SimulatedTaskHandler handler, Task run)
    {
        var watch = Stopwatch.StartNew();
        long last = -1;
        var stable = 0;
        while (!run.IsCompleted)
        {
            var activity = clock.Activity + handler.Activity;
            var next = clock.NextDue();
            var parked = handler.InFlight == 0 && next is { } due && due - clock.GetUtcNow() <= MaxPollDelay;
            stable = activity == last && parked ? stable + 1 : 0;
            if (stable >= 3)
            {
                return;
            }

            last = activity;
            if (watch.Elapsed > TimeSpan.FromSeconds(30))
            {
                throw new InvalidOperationException($"The simulated workflow is stuck: no poll timer armed (next due {next?.ToString("O") ?? "none"}).");
            }

            if (watch.ElapsedMilliseconds > 2)
            {
                await Task.Delay(1).ConfigureAwait(false);
            }
            else
            {
                await Task.Yield();
            }
        }
    }
}

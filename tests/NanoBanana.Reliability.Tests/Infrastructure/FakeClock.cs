using Microsoft.Extensions.Time.Testing;

namespace NanoBanana.Reliability.Tests.Infrastructure;

/// <summary>Runs an operation to its end on fake time: the clock moves in small steps only while the operation waits on it.</summary>
public static class FakeClock
{
    public static readonly DateTimeOffset Start = new(2026, 7, 2, 0, 0, 0, TimeSpan.Zero);

    /// <summary>
    /// Awaits <paramref name="operation"/>, advancing <paramref name="time"/> by <paramref name="step"/> whenever
    /// <paramref name="mayAdvance"/> allows (no real sleeps on the client's clock; a short real wait lets loopback I/O run).
    /// </summary>
    public static async Task DriveAsync(Task operation, FakeTimeProvider time, Func<bool>? mayAdvance = null, TimeSpan? step = null, TimeSpan? realLimit = null)
    {
        var advance = step ?? TimeSpan.FromMilliseconds(100);
        var deadline = DateTime.UtcNow + (realLimit ?? TimeSpan.FromSeconds(20));
        while (!operation.IsCompleted)
        {
            await Task.WhenAny(operation, Task.Delay(2)).ConfigureAwait(false);
            if (operation.IsCompleted) break;
            if (mayAdvance?.Invoke() ?? true) time.Advance(advance);
            if (DateTime.UtcNow > deadline) throw new TimeoutException("The operation did not finish within the real-time limit.");
        }
    }
}

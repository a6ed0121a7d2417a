using Microsoft.Extensions.Time.Testing;

namespace NanoBanana.Testing;

/// <summary>
/// Runs an operation to its end on fake time: the clock moves in small steps only while the operation waits on it.
/// The one way tests drive a <see cref="FakeTimeProvider"/> through a whole operation (client harness, fault matrix, CLI).
/// </summary>
public static class FakeClock
{
    /// <summary>Where every test's fake clock starts: the docs' example date.</summary>
    public static readonly DateTimeOffset Start = new(2026, 7, 2, 0, 0, 0, TimeSpan.Zero);

    /// <summary>
    /// Awaits <paramref name="operation"/>, advancing <paramref name="time"/> by <paramref name="step"/> (default 100 ms)
    /// whenever <paramref name="mayAdvance"/> allows (no real sleeps on the client's clock; a short real wait lets
    /// loopback I/O run). Throws <see cref="TimeoutException"/> after <paramref name="realLimit"/> of real time (default 20 s).
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

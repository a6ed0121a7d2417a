namespace NanoBanana.Simulator;

/// <summary>At most <c>limit</c> API requests per second of the simulator's clock (<see cref="SimulatorOptions.RateLimit"/>); no limit when null.</summary>
internal sealed class RateLimiter(int? limit, TimeProvider time)
{
    private long _window = long.MinValue;
    private int _count;

    /// <summary>Counts a request; true when it is over the limit of its second.</summary>
    public bool IsOverLimit()
    {
        if (limit is not { } max) return false;
        var second = time.GetUtcNow().ToUnixTimeSeconds();
        var window = Interlocked.Read(ref _window);
        if (second != window && Interlocked.CompareExchange(ref _window, second, window) == window)
        {
            Interlocked.Exchange(ref _count, 0);
        }

        return Interlocked.Increment(ref _count) > max;
    }
}

namespace NanoBanana.Benchmarks;

/// <summary>How long each part runs: <c>quick</c> (under 2 minutes) or <c>full</c>.</summary>
/// <param name="Name">quick or full; also the results' file name.</param>
/// <param name="WarmupCount">BenchmarkDotNet warm-up iterations per benchmark.</param>
/// <param name="IterationCount">BenchmarkDotNet measured iterations per benchmark.</param>
/// <param name="IterationTimeMs">Target time of one BenchmarkDotNet iteration.</param>
/// <param name="PollingTasks">Simulated tasks per polling policy.</param>
/// <param name="ScaleCalls">Generate calls in the scale run.</param>
/// <param name="ScaleInFlight">Most generate calls in flight at once.</param>
/// <param name="RateLimitedCalls">Generate calls in the rate-limited scale scenario.</param>
/// <param name="RateLimit">The simulator's rate limit there (requests per second), below the unlimited throughput.</param>
internal sealed record BenchMode(
    string Name,
    int WarmupCount,
    int IterationCount,
    int IterationTimeMs,
    int PollingTasks,
    int ScaleCalls,
    int ScaleInFlight,
    int RateLimitedCalls,
    int RateLimit)
{
    public static readonly BenchMode Quick = new("quick", WarmupCount: 2, IterationCount: 5, IterationTimeMs: 80, PollingTasks: 300, ScaleCalls: 1_000, ScaleInFlight: 200, RateLimitedCalls: 300, RateLimit: 100);

    public static readonly BenchMode Full = new("full", WarmupCount: 6, IterationCount: 20, IterationTimeMs: 250, PollingTasks: 2_000, ScaleCalls: 10_000, ScaleInFlight: 1_000, RateLimitedCalls: 10_000, RateLimit: 250);

    public static BenchMode Parse(string name) => name switch
    {
        "quick" => Quick,
        "full" => Full,
        _ => throw new ArgumentException($"mode must be 'quick' or 'full', not '{name}'", nameof(name)),
    };
}

namespace NanoBanana.Benchmarks.Polling;

/// <summary>The polling simulation (filled in once the facade's wait exists).</summary>
internal static class PollingRun
{
    public static Task<PollingResult?> RunAsync(BenchMode mode) => Task.FromResult<PollingResult?>(null);
}

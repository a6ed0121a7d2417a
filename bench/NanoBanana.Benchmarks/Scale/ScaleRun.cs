namespace NanoBanana.Benchmarks.Scale;

/// <summary>The scale run (filled in once the facade and the simulator exist).</summary>
internal static class ScaleRun
{
    public static Task<IReadOnlyList<ScaleResult>> RunAsync(BenchMode mode) => Task.FromResult<IReadOnlyList<ScaleResult>>([]);
}

namespace NanoBanana.Fleet.Bench;

/// <summary>One, two and three batch workers on one PostgreSQL ledger (written once the ledger lands).</summary>
internal static class WorkersBench
{
    public static Task RunAsync(int items, TimeSpan createLatency, string resultsDir, string stamp, string machine) =>
        throw new NotSupportedException("workers: not yet");
}

namespace NanoBanana.Benchmarks.Overhead;

/// <summary>One benchmark's figures: one operation, through one client, against one endpoint.</summary>
/// <param name="Operation">get-task or create-task.</param>
/// <param name="Client">Baseline, Transport or Facade.</param>
/// <param name="Endpoint">InMemory or Loopback.</param>
/// <param name="MeanNs">Mean time per call, nanoseconds.</param>
/// <param name="MedianNs">Median time per call, nanoseconds (the ratios use it: the machine is shared).</param>
/// <param name="StdDevNs">Standard deviation of the iterations, nanoseconds.</param>
/// <param name="AllocatedBytes">Managed bytes allocated per call.</param>
internal sealed record PerCallResult(
    string Operation,
    string Client,
    string Endpoint,
    double MeanNs,
    double MedianNs,
    double StdDevNs,
    long AllocatedBytes);

/// <summary>A client's cost against the baseline's, for one operation and endpoint.</summary>
/// <param name="TimeRatio">Median time / baseline median time.</param>
/// <param name="AllocationRatio">Allocated bytes / baseline allocated bytes.</param>
internal sealed record OverheadRatio(string Operation, string Client, string Endpoint, double TimeRatio, double AllocationRatio);

namespace NanoBanana.Benchmarks.Polling;

/// <summary>How one wait policy did over the same simulated tasks.</summary>
/// <param name="Policy">default (the facade's), fixed-0.5s or fixed-1s, or a tuned setting.</param>
/// <param name="Tasks">Tasks waited for.</param>
/// <param name="RequestsPerTask">Get-task requests per task (mean), the create not counted.</param>
/// <param name="DetectMedianMs">Median delay between a task's completion and the request that saw it.</param>
/// <param name="DetectP95Ms">95th percentile of that delay.</param>
/// <param name="DetectMaxMs">Largest delay.</param>
/// <param name="Unfinished">Waits that ended without seeing the completion (timeout or error).</param>
internal sealed record PollingPolicyResult(
    string Policy,
    int Tasks,
    double RequestsPerTask,
    double DetectMedianMs,
    double DetectP95Ms,
    double DetectMaxMs,
    int Unfinished);

/// <summary>The polling simulation: the task durations drawn and every policy's figures.</summary>
/// <param name="Distribution">How completion times were drawn.</param>
/// <param name="DurationMedianMs">Median of the drawn durations.</param>
/// <param name="DurationP95Ms">95th percentile of the drawn durations.</param>
/// <param name="Policies">One row per policy.</param>
/// <param name="Note">How the default policy was driven (the real operation wait or its schedule).</param>
internal sealed record PollingResult(
    string Distribution,
    double DurationMedianMs,
    double DurationP95Ms,
    IReadOnlyList<PollingPolicyResult> Policies,
    string Note);

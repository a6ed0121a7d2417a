namespace NanoBanana.Benchmarks.Scale;

/// <summary>Many generate calls through one client against the in-process simulator.</summary>
/// <param name="Scenario">no-rate-limit or rate-limited.</param>
/// <param name="Calls">Generate calls started.</param>
/// <param name="MaxInFlight">Most calls in flight at once.</param>
/// <param name="WallSeconds">Wall time of all calls.</param>
/// <param name="PeakWorkingSetBytes">Peak working set of the process (client and simulator together).</param>
/// <param name="PeakManagedHeapBytes">Largest managed heap size sampled during the run.</param>
/// <param name="RequestsSent">Requests the simulator received (creates, polls, retries).</param>
/// <param name="Creates">Create requests the simulator accepted (tasks it created).</param>
/// <param name="Succeeded">Calls that returned a completed task.</param>
/// <param name="Rejected">Calls that ended with a typed API exception (e.g. a 429 on create).</param>
/// <param name="Lost">Calls that ended otherwise, or whose task never showed up.</param>
/// <param name="Duplicated">Tasks created beyond one per call (a create sent twice).</param>
/// <param name="RateLimitedResponses">429 answers the simulator sent.</param>
/// <param name="Recovery">How the client got past the 429s.</param>
internal sealed record ScaleResult(
    string Scenario,
    int Calls,
    int MaxInFlight,
    double WallSeconds,
    long PeakWorkingSetBytes,
    long PeakManagedHeapBytes,
    long RequestsSent,
    long Creates,
    int Succeeded,
    int Rejected,
    int Lost,
    int Duplicated,
    long RateLimitedResponses,
    string Recovery);

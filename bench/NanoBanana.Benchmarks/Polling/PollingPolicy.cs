namespace NanoBanana.Benchmarks.Polling;

/// <summary>
/// A way of waiting for a task, set up fresh for each policy run: given the simulated clock and API, it
/// returns the workflow for one task (create it, then wait until it is seen completed).
/// </summary>
/// <param name="Name">As reported: default, fixed-1s, ...</param>
/// <param name="Start">Builds the client(s) and returns the per-task workflow and what to dispose after.</param>
internal sealed record PollingPolicy(string Name, Func<SimulatedClock, SimulatedTaskHandler, (Func<Task> Workflow, IDisposable Owned)> Start);

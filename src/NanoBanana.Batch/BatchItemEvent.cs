namespace NanoBanana.Batch;

/// <summary>A change of one item during a run, reported to the runner's progress sink.</summary>
/// <param name="Key">The item.</param>
/// <param name="State">Its state after the change.</param>
/// <param name="TaskId">Its task id, when known.</param>
/// <param name="Message">What happened, for people (a failure's reason, the saved files).</param>
public sealed record BatchItemEvent(string Key, BatchItemState State, string? TaskId, string? Message);

namespace NanoBanana.Benchmarks.Results;

/// <summary>One of the benchmark targets (bench/README.md), the measured value and whether it was met.</summary>
/// <param name="Name">What is measured, such as <c>in-memory time ratio (facade / baseline)</c>.</param>
/// <param name="Target">The target, such as <c>&lt;= 2.0</c>.</param>
/// <param name="Measured">The measured value, as reported.</param>
/// <param name="Met">True when met, false when not, null when not measured in this run.</param>
internal sealed record TargetCheck(string Name, string Target, string Measured, bool? Met);

using System.ComponentModel;

namespace NanoBanana.Client;

/// <summary>
/// A task's status as the API spells it: <see cref="Pending"/>, <see cref="Processing"/>, <see cref="Completed"/>,
/// <see cref="Failed"/>, or a value a later version of the API may add (kept as it came, <see cref="IsKnown"/> false).
/// Compare statuses with <c>==</c>; a switch on them needs a default arm.
/// </summary>
public readonly struct GenerationTaskStatus : IEquatable<GenerationTaskStatus>, IWireValue<GenerationTaskStatus>
{
    private const string PendingValue = "pending";
    private const string ProcessingValue = "processing";
    private const string CompletedValue = "completed";
    private const string FailedValue = "failed";

    private readonly string? _value;

    /// <summary>A status as the API spells it.</summary>
    /// <param name="value">The wire value, such as <c>processing</c>.</param>
    /// <exception cref="ArgumentException"><paramref name="value"/> is null or empty.</exception>
    public GenerationTaskStatus(string value)
    {
        ArgumentException.ThrowIfNullOrEmpty(value);
        _value = value;
    }

    /// <summary>Queued, not started.</summary>
    public static GenerationTaskStatus Pending { get; } = new(PendingValue);

    /// <summary>Being generated.</summary>
    public static GenerationTaskStatus Processing { get; } = new(ProcessingValue);

    /// <summary>Done: the task has its output URLs.</summary>
    public static GenerationTaskStatus Completed { get; } = new(CompletedValue);

    /// <summary>Done without output: the task has its error.</summary>
    public static GenerationTaskStatus Failed { get; } = new(FailedValue);

    /// <summary>Whether this is one of the four statuses the contract documents (false for a value added later).</summary>
    public bool IsKnown => _value is PendingValue or ProcessingValue or CompletedValue or FailedValue;

    static IReadOnlyList<GenerationTaskStatus> IWireValue<GenerationTaskStatus>.KnownValues { get; } = [Pending, Processing, Completed, Failed];

    static string IWireValue<GenerationTaskStatus>.Description => "task status";

    static GenerationTaskStatus IWireValue<GenerationTaskStatus>.FromWire(string value) => new(value);

    /// <summary>Whether two statuses are the same wire value.</summary>
    public static bool operator ==(GenerationTaskStatus left, GenerationTaskStatus right) => left.Equals(right);

    /// <summary>Whether two statuses differ.</summary>
    public static bool operator !=(GenerationTaskStatus left, GenerationTaskStatus right) => !left.Equals(right);

    /// <summary>The status of a wire value.</summary>
    public static implicit operator GenerationTaskStatus(string value) => new(value);

    /// <inheritdoc />
    public bool Equals(GenerationTaskStatus other) => string.Equals(_value, other._value, StringComparison.Ordinal);

    /// <inheritdoc />
    [EditorBrowsable(EditorBrowsableState.Never)]
    public override bool Equals(object? obj) => obj is GenerationTaskStatus other && Equals(other);

    /// <inheritdoc />
    [EditorBrowsable(EditorBrowsableState.Never)]
    public override int GetHashCode() => _value is null ? 0 : StringComparer.Ordinal.GetHashCode(_value);

    /// <summary>The wire value, such as <c>processing</c>.</summary>
    public override string ToString() => _value ?? string.Empty;
}

using System.ComponentModel;

namespace NanoBanana.Client;

/// <summary>
/// The output image's aspect ratio as the API spells it (<c>16:9</c>): the ratios the contract documents as static
/// properties, or any other the API may accept later (<c>new AspectRatio("2:1")</c>, sent as it is).
/// Compare values with <c>==</c>; a value this version does not know has <see cref="IsKnown"/> false. Nothing is numbered,
/// so a value the contract gains never changes an existing one.
/// </summary>
public readonly struct AspectRatio : IEquatable<AspectRatio>, IWireValue<AspectRatio>
{
    private const string SquareValue = "1:1";
    private const string Portrait1x4Value = "1:4";
    private const string Portrait1x8Value = "1:8";
    private const string Portrait2x3Value = "2:3";
    private const string Landscape3x2Value = "3:2";
    private const string Portrait3x4Value = "3:4";
    private const string Landscape4x1Value = "4:1";
    private const string Landscape4x3Value = "4:3";
    private const string Portrait4x5Value = "4:5";
    private const string Landscape5x4Value = "5:4";
    private const string Landscape8x1Value = "8:1";
    private const string Portrait9x16Value = "9:16";
    private const string Landscape16x9Value = "16:9";
    private const string Landscape21x9Value = "21:9";
    private const string AutoValue = "auto";

    private readonly string? _value;

    /// <summary>A aspect ratio as the API spells it.</summary>
    /// <param name="value">The wire value, such as <c>auto</c>.</param>
    /// <exception cref="ArgumentException"><paramref name="value"/> is null or empty.</exception>
    public AspectRatio(string value)
    {
        ArgumentException.ThrowIfNullOrEmpty(value);
        _value = value;
    }

    /// <summary>1:1, square.</summary>
    public static AspectRatio Square { get; } = new(SquareValue);

    /// <summary>1:4, portrait.</summary>
    public static AspectRatio Portrait1x4 { get; } = new(Portrait1x4Value);

    /// <summary>1:8, portrait.</summary>
    public static AspectRatio Portrait1x8 { get; } = new(Portrait1x8Value);

    /// <summary>2:3, portrait.</summary>
    public static AspectRatio Portrait2x3 { get; } = new(Portrait2x3Value);

    /// <summary>3:2, landscape.</summary>
    public static AspectRatio Landscape3x2 { get; } = new(Landscape3x2Value);

    /// <summary>3:4, portrait.</summary>
    public static AspectRatio Portrait3x4 { get; } = new(Portrait3x4Value);

    /// <summary>4:1, landscape.</summary>
    public static AspectRatio Landscape4x1 { get; } = new(Landscape4x1Value);

    /// <summary>4:3, landscape.</summary>
    public static AspectRatio Landscape4x3 { get; } = new(Landscape4x3Value);

    /// <summary>4:5, portrait.</summary>
    public static AspectRatio Portrait4x5 { get; } = new(Portrait4x5Value);

    /// <summary>5:4, landscape.</summary>
    public static AspectRatio Landscape5x4 { get; } = new(Landscape5x4Value);

    /// <summary>8:1, landscape.</summary>
    public static AspectRatio Landscape8x1 { get; } = new(Landscape8x1Value);

    /// <summary>9:16, portrait.</summary>
    public static AspectRatio Portrait9x16 { get; } = new(Portrait9x16Value);

    /// <summary>16:9, landscape.</summary>
    public static AspectRatio Landscape16x9 { get; } = new(Landscape16x9Value);

    /// <summary>21:9, landscape.</summary>
    public static AspectRatio Landscape21x9 { get; } = new(Landscape21x9Value);

    /// <summary>The service picks (its default when the field is left out).</summary>
    public static AspectRatio Auto { get; } = new(AutoValue);

    /// <summary>Whether this is a value the contract of this client version documents (false for one added later).</summary>
    public bool IsKnown => _value is SquareValue or Portrait1x4Value or Portrait1x8Value or Portrait2x3Value or Landscape3x2Value or Portrait3x4Value or Landscape4x1Value or Landscape4x3Value or Portrait4x5Value or Landscape5x4Value or Landscape8x1Value or Portrait9x16Value or Landscape16x9Value or Landscape21x9Value or AutoValue;

    static IReadOnlyList<AspectRatio> IWireValue<AspectRatio>.KnownValues { get; } = [Square, Portrait1x4, Portrait1x8, Portrait2x3, Landscape3x2, Portrait3x4, Landscape4x1, Landscape4x3, Portrait4x5, Landscape5x4, Landscape8x1, Portrait9x16, Landscape16x9, Landscape21x9, Auto];

    static string IWireValue<AspectRatio>.Description => "aspect ratio";

    /// <summary>Whether two values are the same wire value.</summary>
    public static bool operator ==(AspectRatio left, AspectRatio right) => left.Equals(right);

    /// <summary>Whether two values differ.</summary>
    public static bool operator !=(AspectRatio left, AspectRatio right) => !left.Equals(right);

    /// <summary>The aspect ratio of a wire value.</summary>
    public static implicit operator AspectRatio(string value) => new(value);

    static AspectRatio IWireValue<AspectRatio>.FromWire(string value) => new(value);

    /// <inheritdoc />
    public bool Equals(AspectRatio other) => string.Equals(_value, other._value, StringComparison.Ordinal);

    /// <inheritdoc />
    [EditorBrowsable(EditorBrowsableState.Never)]
    public override bool Equals(object? obj) => obj is AspectRatio other && Equals(other);

    /// <inheritdoc />
    [EditorBrowsable(EditorBrowsableState.Never)]
    public override int GetHashCode() => _value is null ? 0 : StringComparer.Ordinal.GetHashCode(_value);

    /// <summary>The wire value, such as <c>1:1</c>.</summary>
    public override string ToString() => _value ?? string.Empty;
}

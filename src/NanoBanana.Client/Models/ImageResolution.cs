using System.ComponentModel;

namespace NanoBanana.Client;

/// <summary>
/// The output resolution as the API spells it (<c>1K</c>), or one the API may accept later (the docs name 2K and 4K
/// for other models; <c>new ImageResolution("2K")</c> is sent as it is).
/// Compare values with <c>==</c>; a value this version does not know has <see cref="IsKnown"/> false. Nothing is numbered,
/// so a value the contract gains never changes an existing one.
/// </summary>
public readonly struct ImageResolution : IEquatable<ImageResolution>, IWireValue<ImageResolution>
{
    private const string OneKValue = "1K";

    private readonly string? _value;

    /// <summary>A resolution as the API spells it.</summary>
    /// <param name="value">The wire value, such as <c>1K</c>.</param>
    /// <exception cref="ArgumentException"><paramref name="value"/> is null or empty.</exception>
    public ImageResolution(string value)
    {
        ArgumentException.ThrowIfNullOrEmpty(value);
        _value = value;
    }

    /// <summary>1K, the only resolution Nano Banana 2 Lite documents (the service's default).</summary>
    public static ImageResolution OneK { get; } = new(OneKValue);

    /// <summary>Whether this is a value the contract of this client version documents (false for one added later).</summary>
    public bool IsKnown => _value is OneKValue;

    static IReadOnlyList<ImageResolution> IWireValue<ImageResolution>.KnownValues { get; } = [OneK];

    static string IWireValue<ImageResolution>.Description => "resolution";

    /// <summary>Whether two values are the same wire value.</summary>
    public static bool operator ==(ImageResolution left, ImageResolution right) => left.Equals(right);

    /// <summary>Whether two values differ.</summary>
    public static bool operator !=(ImageResolution left, ImageResolution right) => !left.Equals(right);

    /// <summary>The resolution of a wire value.</summary>
    public static implicit operator ImageResolution(string value) => new(value);

    static ImageResolution IWireValue<ImageResolution>.FromWire(string value) => new(value);

    /// <inheritdoc />
    public bool Equals(ImageResolution other) => string.Equals(_value, other._value, StringComparison.Ordinal);

    /// <inheritdoc />
    [EditorBrowsable(EditorBrowsableState.Never)]
    public override bool Equals(object? obj) => obj is ImageResolution other && Equals(other);

    /// <inheritdoc />
    [EditorBrowsable(EditorBrowsableState.Never)]
    public override int GetHashCode() => _value is null ? 0 : StringComparer.Ordinal.GetHashCode(_value);

    /// <summary>The wire value, such as <c>1K</c>.</summary>
    public override string ToString() => _value ?? string.Empty;
}

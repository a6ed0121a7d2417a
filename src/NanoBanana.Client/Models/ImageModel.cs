using System.ComponentModel;

namespace NanoBanana.Client;

/// <summary>
/// The model of a generation as the API spells it (<c>nano-banana-2-lite</c>), or a model the API may accept later
/// (<c>new ImageModel("...")</c>, sent as it is).
/// Compare values with <c>==</c>; a value this version does not know has <see cref="IsKnown"/> false. Nothing is numbered,
/// so a value the contract gains never changes an existing one.
/// </summary>
public readonly struct ImageModel : IEquatable<ImageModel>, IWireValue<ImageModel>
{
    private const string NanoBanana2LiteValue = "nano-banana-2-lite";

    private readonly string? _value;

    /// <summary>A model as the API spells it.</summary>
    /// <param name="value">The wire value, such as <c>nano-banana-2-lite</c>.</param>
    /// <exception cref="ArgumentException"><paramref name="value"/> is null or empty.</exception>
    public ImageModel(string value)
    {
        ArgumentException.ThrowIfNullOrEmpty(value);
        _value = value;
    }

    /// <summary>Nano Banana 2 Lite.</summary>
    public static ImageModel NanoBanana2Lite { get; } = new(NanoBanana2LiteValue);

    /// <summary>Whether this is a value the contract of this client version documents (false for one added later).</summary>
    public bool IsKnown => _value is NanoBanana2LiteValue;

    static IReadOnlyList<ImageModel> IWireValue<ImageModel>.KnownValues { get; } = [NanoBanana2Lite];

    static string IWireValue<ImageModel>.Description => "model";

    /// <summary>Whether two values are the same wire value.</summary>
    public static bool operator ==(ImageModel left, ImageModel right) => left.Equals(right);

    /// <summary>Whether two values differ.</summary>
    public static bool operator !=(ImageModel left, ImageModel right) => !left.Equals(right);

    /// <summary>The model of a wire value.</summary>
    public static implicit operator ImageModel(string value) => new(value);

    static ImageModel IWireValue<ImageModel>.FromWire(string value) => new(value);

    /// <inheritdoc />
    public bool Equals(ImageModel other) => string.Equals(_value, other._value, StringComparison.Ordinal);

    /// <inheritdoc />
    [EditorBrowsable(EditorBrowsableState.Never)]
    public override bool Equals(object? obj) => obj is ImageModel other && Equals(other);

    /// <inheritdoc />
    [EditorBrowsable(EditorBrowsableState.Never)]
    public override int GetHashCode() => _value is null ? 0 : StringComparer.Ordinal.GetHashCode(_value);

    /// <summary>The wire value, such as <c>nano-banana-2-lite</c>.</summary>
    public override string ToString() => _value ?? string.Empty;
}

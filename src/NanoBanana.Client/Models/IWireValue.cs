using System.Text.Json;
using System.Text.Json.Serialization;

namespace NanoBanana.Client;

/// <summary>
/// A contract enum as an extensible value: a wire string, any non-empty one kept (a value the contract gains later
/// round-trips), with the values this version knows. Implemented by <see cref="AspectRatio"/>, <see cref="ImageModel"/>,
/// <see cref="ImageResolution"/> and <see cref="GenerationTaskStatus"/>.
/// </summary>
internal interface IWireValue<TSelf> where TSelf : struct, IWireValue<TSelf>
{
    /// <summary>The value of a wire string.</summary>
    static abstract TSelf FromWire(string value);

    /// <summary>The values this version of the client knows, in the contract's order.</summary>
    static abstract IReadOnlyList<TSelf> KnownValues { get; }

    /// <summary>The name of the contract's schema, for messages (<c>aspect ratio</c>).</summary>
    static abstract string Description { get; }
}

/// <summary>Reads and writes an extensible contract value as its wire string; any non-empty string is kept.</summary>
internal sealed class WireValueConverter<T> : JsonConverter<T> where T : struct, IWireValue<T>
{
    public override T Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType != JsonTokenType.String)
        {
            throw new JsonException($"A {T.Description} must be a string; got {reader.TokenType}.");
        }

        var value = reader.GetString();
        return string.IsNullOrEmpty(value) ? throw new JsonException($"A {T.Description} must not be empty.") : T.FromWire(value);
    }

    public override void Write(Utf8JsonWriter writer, T value, JsonSerializerOptions options) =>
        writer.WriteStringValue(value.ToString());
}

using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;

namespace NanoBanana.Client.Wire;

// CUSTOM: customizes the generated transport (generated/NanoBananaTransport.g.cs) and its generated
// source-generated JSON context (NanoBananaTransportJsonContext, Client.Class.liquid).
internal partial class NanoBananaTransport
{
    /// <summary>The serializer options the transport uses for every request and response body (source-generated, read-only).</summary>
    internal static JsonSerializerOptions SerializerOptions => _settings.Value;

    /// <summary>The source-generated metadata of <typeparamref name="T"/> with <see cref="SerializerOptions"/>: for every hand-written read or write of a wire type.</summary>
    internal static JsonTypeInfo<T> TypeInfo<T>() => (JsonTypeInfo<T>)SerializerOptions.GetTypeInfo(typeof(T));
}

// CUSTOM: unset optional fields are omitted from the wire body, as in every example of the docs
// (NSwag's default would send "callback_url": null).
// CUSTOM: the contract's enums are hand-written extensible values (excludedTypeNames): any non-empty wire string is
// kept, so a value the contract gains reads and round-trips instead of failing.
[JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    Converters = [typeof(WireValueConverter<AspectRatio>), typeof(WireValueConverter<ImageModel>), typeof(WireValueConverter<ImageResolution>), typeof(WireValueConverter<GenerationTaskStatus>)])]
internal partial class NanoBananaTransportJsonContext;

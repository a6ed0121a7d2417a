using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;

namespace NanoBanana.Client;

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
[JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
internal partial class NanoBananaTransportJsonContext;

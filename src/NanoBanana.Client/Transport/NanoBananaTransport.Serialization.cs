using System.Text.Json;
using System.Text.Json.Serialization;

namespace NanoBanana.Client;

// CUSTOM: customizes the generated transport (generated/NanoBananaTransport.g.cs) through its partial hook.
internal partial class NanoBananaTransport
{
    /// <summary>The serializer options the transport uses for every request and response body.</summary>
    internal static JsonSerializerOptions SerializerOptions => _settings.Value;

    // CUSTOM: unset optional fields are omitted from the wire body, as in every example of the docs
    // (NSwag's default would send "callback_url": null).
    static partial void UpdateJsonSerializerSettings(JsonSerializerOptions settings)
    {
        settings.DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull;
    }
}

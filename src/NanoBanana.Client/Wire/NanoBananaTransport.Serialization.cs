using System.Text.Json;
using System.Text.Json.Serialization;

namespace NanoBanana.Client.Wire;

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
        // CUSTOM: the contract's enums are hand-written extensible values (excludedTypeNames): any non-empty wire
        // string is kept, so a value the contract gains reads and round-trips instead of failing.
        settings.Converters.Add(new WireValueConverter<AspectRatio>());
        settings.Converters.Add(new WireValueConverter<ImageModel>());
        settings.Converters.Add(new WireValueConverter<ImageResolution>());
        settings.Converters.Add(new WireValueConverter<GenerationTaskStatus>());
    }
}

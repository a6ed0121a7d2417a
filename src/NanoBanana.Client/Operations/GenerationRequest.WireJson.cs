using System.Text.Json;

namespace NanoBanana.Client;

// Hand-written part of the generated request type: the request as the API's wire JSON, for stores that keep it.
public partial class GenerationRequest
{
    /// <summary>
    /// The request as the create sends it over the wire (<c>{"model": "nano-banana-2-lite", "input": {...}}</c>, unset
    /// fields left out): the API's names and values, not the C# type's, so a store that keeps it reads it back after
    /// the types change. Read it back with <see cref="FromWireJson"/>.
    /// </summary>
    /// <returns>The JSON text.</returns>
    public string ToWireJson() => JsonSerializer.Serialize(this, NanoBananaTransport.TypeInfo<GenerationRequest>());

    /// <summary>Reads a request written by <see cref="ToWireJson"/> (or any create body the contract allows).</summary>
    /// <param name="json">The JSON text.</param>
    /// <returns>The request; not validated (call <see cref="Validate"/>).</returns>
    /// <exception cref="JsonException">The text is not a create body.</exception>
    public static GenerationRequest FromWireJson(string json)
    {
        ArgumentNullException.ThrowIfNull(json);
        return JsonSerializer.Deserialize(json, NanoBananaTransport.TypeInfo<GenerationRequest>())
            ?? throw new JsonException("The JSON is null, not a create body.");
    }
}

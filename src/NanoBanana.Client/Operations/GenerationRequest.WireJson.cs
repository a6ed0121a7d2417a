using System.Text.Json;

namespace NanoBanana.Client;

// The request as the API's wire JSON, for stores that keep it (through the internal wire DTO: Wire/WireMapping.cs).
public sealed partial class GenerationRequest
{
    /// <summary>
    /// The request as the create sends it over the wire (<c>{"model": "nano-banana-2-lite", "input": {...}}</c>, unset
    /// fields left out): the API's names and values, not the C# type's, so a store that keeps it reads it back after
    /// the types change. Read it back with <see cref="FromWireJson"/>.
    /// </summary>
    /// <returns>The JSON text.</returns>
    public string ToWireJson() => Wire.WireMapping.ToJson(this);

    /// <summary>Reads a request written by <see cref="ToWireJson"/> (or any create body the contract allows).</summary>
    /// <param name="json">The JSON text.</param>
    /// <returns>The request; not validated (call <see cref="Validate"/>).</returns>
    /// <exception cref="JsonException">The text is not a create body.</exception>
    public static GenerationRequest FromWireJson(string json)
    {
        ArgumentNullException.ThrowIfNull(json);
        return Wire.WireMapping.RequestFromJson(json);
    }
}

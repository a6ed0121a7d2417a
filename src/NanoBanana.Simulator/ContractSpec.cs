using NJsonSchema;
using NSwag;

namespace NanoBanana.Simulator;

/// <summary>
/// The contract (the OpenAPI document), read as NSwag's document through <see cref="YamlJson"/>, so examples and
/// limits keep their types: the one this assembly embeds, or another version of it from a file.
/// </summary>
internal sealed class ContractSpec
{
    private const string ResourceName = "NanoBanana.Simulator.nano-banana-2-lite.yaml";

    private static readonly Lazy<ContractSpec> Embedded = new(() =>
    {
        using var stream = typeof(ContractSpec).Assembly.GetManifestResourceStream(ResourceName)
                           ?? throw new InvalidOperationException($"The contract resource {ResourceName} is missing.");
        using var reader = new StreamReader(stream);
        return FromYaml(reader.ReadToEnd());
    });

    private ContractSpec(OpenApiDocument document) => Document = document;

    /// <summary>The contract this assembly was built with.</summary>
    public static ContractSpec Current => Embedded.Value;

    public OpenApiDocument Document { get; }

    public JsonSchema Schema(string name) => Document.Components.Schemas[name].ActualSchema;

    public static ContractSpec FromYaml(string yaml) =>
        new(OpenApiDocument.FromJsonAsync(YamlJson.Parse(yaml)!.ToJsonString()).GetAwaiter().GetResult());

    /// <summary>The contract in <paramref name="path"/> (YAML or JSON); a file that cannot be read or parsed is an <see cref="InvalidOperationException"/> naming it.</summary>
    public static ContractSpec FromFile(string path)
    {
        try
        {
            return FromYaml(File.ReadAllText(path));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or YamlDotNet.Core.YamlException or Newtonsoft.Json.JsonException or NotSupportedException or InvalidCastException)
        {
            throw new InvalidOperationException($"Cannot read the contract '{path}': {e.Message}", e);
        }
    }
}

using System.Text.Json.Nodes;
using NJsonSchema;
using NSwag;

namespace NanoBanana.Simulator;

/// <summary>
/// The contract (the OpenAPI document), embedded in this assembly, read as NSwag's document through
/// <see cref="YamlJson"/>, so examples and limits keep their types.
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
}

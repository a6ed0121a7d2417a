using System.Reflection;
using System.Text.Json.Nodes;
using NJsonSchema;
using NSwag;
using NanoBanana.Simulator;

namespace NanoBanana.Contract.Tests;

/// <summary>
/// The contract, loaded twice: as a JSON tree faithful to the YAML (for examples and raw checks) and as
/// an NSwag document (for its resolved JSON schemas, which validate bodies).
/// </summary>
public sealed class ContractDocument
{
    public static readonly string RepoRoot = typeof(ContractDocument).Assembly
        .GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "RepoRoot").Value!;

    public static readonly string SpecPath = Path.Combine(RepoRoot, "openapi", "v1", "nano-banana-2-lite.yaml");

    private static readonly Lazy<ContractDocument> Shared = new(() => Load(File.ReadAllText(SpecPath)));

    private ContractDocument(JsonObject root, OpenApiDocument openApi)
    {
        Root = root;
        OpenApi = openApi;
    }

    /// <summary>The contract as committed.</summary>
    public static ContractDocument Current => Shared.Value;

    /// <summary>The YAML as a JSON tree: quoted scalars stay strings, plain ones become numbers, booleans or null.</summary>
    public JsonObject Root { get; }

    /// <summary>NSwag's reading of the contract.</summary>
    public OpenApiDocument OpenApi { get; }

    public static ContractDocument Load(string yaml)
    {
        var root = (JsonObject)YamlJson.Parse(yaml)!;
        var openApi = OpenApiDocument.FromJsonAsync(root.ToJsonString()).GetAwaiter().GetResult();
        return new ContractDocument(root, openApi);
    }

    public JsonSchema Schema(string name) => OpenApi.Components.Schemas[name].ActualSchema;

    /// <summary>Follows a local <c>$ref</c> (such as <c>#/components/examples/CompletedTask</c>) in the JSON tree.</summary>
    public JsonNode Resolve(JsonNode node)
    {
        while (node is JsonObject obj && obj["$ref"] is JsonValue reference)
        {
            JsonNode current = Root;
            foreach (var part in reference.GetValue<string>().TrimStart('#', '/').Split('/'))
            {
                current = current[part.Replace("~1", "/").Replace("~0", "~")]
                          ?? throw new InvalidOperationException($"Unresolvable $ref {reference}");
            }

            node = current;
        }

        return node;
    }
}

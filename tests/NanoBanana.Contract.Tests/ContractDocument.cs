using System.Reflection;
using System.Text.Json.Nodes;
using NJsonSchema;
using NSwag;
using YamlDotNet.RepresentationModel;

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
        var stream = new YamlStream();
        stream.Load(new StringReader(yaml));
        var root = (JsonObject)ToJson(stream.Documents[0].RootNode)!;
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

    private static JsonNode? ToJson(YamlNode node) => node switch
    {
        YamlMappingNode map => new JsonObject(map.Children.Select(kv =>
            KeyValuePair.Create(((YamlScalarNode)kv.Key).Value!, ToJson(kv.Value)))),
        YamlSequenceNode seq => new JsonArray(seq.Children.Select(ToJson).ToArray()),
        YamlScalarNode scalar => Scalar(scalar),
        _ => throw new NotSupportedException(node.NodeType.ToString()),
    };

    private static JsonNode? Scalar(YamlScalarNode scalar)
    {
        var text = scalar.Value ?? string.Empty;
        if (scalar.Style is YamlDotNet.Core.ScalarStyle.Plain)
        {
            if (text is "null" or "~" or "") return null;
            if (text is "true" or "false") return JsonValue.Create(text == "true");
            if (long.TryParse(text, System.Globalization.NumberStyles.AllowLeadingSign, System.Globalization.CultureInfo.InvariantCulture, out var integer)) return JsonValue.Create(integer);
            if (double.TryParse(text, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var number)) return JsonValue.Create(number);
        }

        return JsonValue.Create(text);
    }
}

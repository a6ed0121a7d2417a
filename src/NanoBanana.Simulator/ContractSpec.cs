using System.Globalization;
using System.Text.Json.Nodes;
using NJsonSchema;
using NSwag;
using YamlDotNet.RepresentationModel;

namespace NanoBanana.Simulator;

/// <summary>
/// The contract (the OpenAPI document), embedded in this assembly, read as NSwag's document. The YAML goes
/// through a JSON tree faithful to its scalars (quoted stay strings, plain become numbers), so examples and
/// limits keep their types.
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

    public static ContractSpec FromYaml(string yaml)
    {
        var stream = new YamlStream();
        stream.Load(new StringReader(yaml));
        var root = ToJson(stream.Documents[0].RootNode)!;
        return new ContractSpec(OpenApiDocument.FromJsonAsync(root.ToJsonString()).GetAwaiter().GetResult());
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
            if (long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var integer)) return JsonValue.Create(integer);
            if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var number)) return JsonValue.Create(number);
        }

        return JsonValue.Create(text);
    }
}

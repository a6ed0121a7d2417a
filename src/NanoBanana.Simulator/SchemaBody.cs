using System.Text.Json.Nodes;
using NJsonSchema;

namespace NanoBanana.Simulator;

/// <summary>
/// Builds a JSON body from one of the contract's schemas: required properties always, optional ones when the spec
/// gives them a value (<c>example</c>, <c>examples</c> or <c>default</c>), enums from their values. The simulator
/// layers its behaviour on top (<see cref="SchemaBody.Set"/> writes only a property the schema defines), so a field
/// added to the spec appears in its answers and a field removed from it disappears.
/// </summary>
internal static class SchemaBody
{
    /// <summary>
    /// A value of <paramref name="schema"/>. With <paramref name="everyProperty"/>, every property of every object is
    /// filled (the conformance suite reads each one back with both generated clients).
    /// </summary>
    public static JsonNode? Build(JsonSchema schema, bool everyProperty = false) => Value(null, schema.ActualSchema, everyProperty, depth: 0);

    /// <summary>An object of <paramref name="schema"/> (see <see cref="Build"/>).</summary>
    public static JsonObject Object(JsonSchema schema) => Build(schema) as JsonObject ?? new JsonObject();

    /// <summary>
    /// Writes <paramref name="name"/> on <paramref name="target"/> when <paramref name="schema"/> defines that property
    /// (or allows any property); otherwise leaves the body as the contract has it. A null value removes the property.
    /// </summary>
    public static void Set(JsonObject target, JsonSchema schema, string name, JsonNode? value)
    {
        var actual = schema.ActualSchema;
        if (!actual.ActualProperties.ContainsKey(name) && !(actual.AllowAdditionalProperties && actual.ActualProperties.Count == 0)) return;
        if (value is null) target.Remove(name);
        else target[name] = value;
    }

    /// <summary>The schema of property <paramref name="name"/> of <paramref name="schema"/>, or null when the contract has no such property.</summary>
    public static JsonSchema? Property(JsonSchema schema, string name) =>
        schema.ActualSchema.ActualProperties.TryGetValue(name, out var property) ? property.ActualSchema : null;

    /// <summary>Every property path of <paramref name="schema"/> (<c>output.metadata.costTime</c>), array items included.</summary>
    public static IEnumerable<string> PropertyPaths(JsonSchema schema, string prefix = "", int depth = 0)
    {
        var actual = Items(schema.ActualSchema);
        if (depth > 8) yield break;
        foreach (var (name, property) in actual.ActualProperties)
        {
            var path = prefix.Length == 0 ? name : $"{prefix}.{name}";
            yield return path;
            foreach (var inner in PropertyPaths(property.ActualSchema, path, depth + 1)) yield return inner;
        }
    }

    private static JsonSchema Items(JsonSchema schema) =>
        schema.Type.HasFlag(JsonObjectType.Array) && schema.Item is not null ? schema.Item.ActualSchema : schema;

    private static JsonNode? Value(JsonSchemaProperty? declared, JsonSchema schema, bool everyProperty, int depth)
    {
        var given = Given(declared) ?? Given(schema);
        if (given is not null) return given;
        if (schema.Enumeration.Count > 0) return Json(schema.Enumeration.First());
        if (schema.Type.HasFlag(JsonObjectType.Object) || schema.ActualProperties.Count > 0)
        {
            var obj = new JsonObject();
            if (depth > 8) return obj;
            foreach (var (name, property) in schema.ActualProperties)
            {
                var include = everyProperty || schema.RequiredProperties.Contains(name) || property.IsRequired || Given(property) is not null || Given(property.ActualSchema) is not null;
                if (include) obj[name] = Value(property, property.ActualSchema, everyProperty, depth + 1);
            }

            return obj;
        }

        if (schema.Type.HasFlag(JsonObjectType.Array))
        {
            return schema.Item is null ? new JsonArray() : new JsonArray(Value(null, schema.Item.ActualSchema, everyProperty, depth + 1));
        }

        if (schema.Type.HasFlag(JsonObjectType.Integer)) return JsonValue.Create(Number(schema, 42));
        if (schema.Type.HasFlag(JsonObjectType.Number)) return JsonValue.Create((double)Number(schema, 42));
        if (schema.Type.HasFlag(JsonObjectType.Boolean)) return JsonValue.Create(true);
        if (schema.Format is "uri" or "url" || schema.Pattern?.Contains("https?", StringComparison.Ordinal) == true) return JsonValue.Create("https://example.com/sample");
        var text = "sample";
        if (schema.MinLength is { } min && text.Length < min) text = text.PadRight(min, 'x');
        if (schema.MaxLength is { } max && text.Length > max) text = text[..max];
        return JsonValue.Create(text);
    }

    /// <summary>A number within the schema's bounds: <paramref name="preferred"/> when it fits.</summary>
    private static long Number(JsonSchema schema, long preferred)
    {
        var low = schema.Minimum is { } min ? (long)Math.Ceiling(min) : long.MinValue;
        var high = schema.Maximum is { } max ? (long)Math.Floor(max) : long.MaxValue;
        return Math.Clamp(preferred, low, Math.Max(low, high));
    }

    /// <summary>The value the spec gives: <c>example</c>, the first of <c>examples</c>, or <c>default</c>.</summary>
    private static JsonNode? Given(JsonSchema? schema)
    {
        if (schema is null) return null;
        if (schema.Example is { } example) return Json(example);
        if (schema.ExtensionData?.TryGetValue("examples", out var examples) == true && Json(examples) is JsonArray { Count: > 0 } list) return list[0]!.DeepClone();
        if (schema.Default is { } value) return Json(value);
        return null;
    }

    private static JsonNode? Json(object? value) => value switch
    {
        null => null,
        JsonNode node => node.DeepClone(),
        Newtonsoft.Json.Linq.JToken token => JsonNode.Parse(token.ToString(Newtonsoft.Json.Formatting.None)),
        _ => JsonNode.Parse(Newtonsoft.Json.JsonConvert.SerializeObject(value)),
    };
}

using System.Text.Json.Nodes;

namespace NanoBanana.Contract.Tests;

/// <summary>
/// The contract says what the docs say: each row of the docs' request tables (field, type, required, default) and the
/// docs' list of aspect ratios, read against the spec. The contract states what the API does, not what a generator
/// prefers: a default the docs state is a <c>default:</c> in the spec.
/// </summary>
public class SpecFidelityTests
{
    private static readonly ContractDocument Contract = ContractDocument.Current;

    // The docs' "Request Body" and "Input Object" tables (shared/docs/nano-banana-2-lite-api.txt), row by row:
    // schema, field, type, required, the default the docs state (null: none).
    public static TheoryData<string, string, string, bool, string?> DocumentedFields() => new()
    {
        { "GenerationRequest", "model", "string", true, null },          // "Must be nano-banana-2-lite"
        { "GenerationRequest", "input", "object", true, null },          // "Generation parameters, see below"
        { "GenerationRequest", "callback_url", "string", false, null },  // "URL to receive task completion/failure notifications"
        { "GenerationInput", "prompt", "string", true, null },           // "Text description of the desired image, max 20,000 characters"
        { "GenerationInput", "aspect_ratio", "string", false, "auto" },  // "Aspect ratio, default auto"
        { "GenerationInput", "image_urls", "array", false, null },       // "Up to 10 image URLs for reference or editing"
        { "GenerationInput", "resolution", "string", false, "1K" },      // "1K only; defaults to 1K"
    };

    [Theory]
    [MemberData(nameof(DocumentedFields))]
    public void Every_documented_field_has_its_type_requiredness_and_default(string schemaName, string field, string type, bool required, string? documentedDefault)
    {
        var schema = Resolve(Contract.Root["components"]!["schemas"]![schemaName]!);
        var property = Resolve(schema["properties"]![field] ?? throw new Xunit.Sdk.XunitException($"{schemaName} has no '{field}'"));

        Assert.Equal(type, property["type"]!.GetValue<string>());
        var requiredFields = schema["required"]?.AsArray().Select(n => n!.GetValue<string>()).ToList() ?? [];
        Assert.True(required == requiredFields.Contains(field), $"{schemaName}.{field}: the docs say required = {required}");
        Assert.True(documentedDefault == property["default"]?.ToString(),
            $"{schemaName}.{field}: the docs state the default {documentedDefault ?? "(none)"}, the spec says {property["default"]?.ToString() ?? "(none)"}");
    }

    [Fact]
    public void The_documented_limits_and_values_are_the_spec_s()
    {
        var input = Contract.Schema("GenerationInput");
        Assert.Equal(20_000, input.Properties["prompt"].MaxLength);
        Assert.Equal(10, input.Properties["image_urls"].MaxItems);
        Assert.Equal(["nano-banana-2-lite"], Contract.Schema("ImageModel").Enumeration.Select(e => e!.ToString()));
        Assert.Equal(["1K"], Contract.Schema("ImageResolution").Enumeration.Select(e => e!.ToString()));
        // The docs' model table: "Aspect Ratios 1:1, 1:4, 1:8, 2:3, 3:2, 3:4, 4:1, 4:3, 4:5, 5:4, 8:1, 9:16, 16:9, 21:9, auto".
        Assert.Equal("1:1, 1:4, 1:8, 2:3, 3:2, 3:4, 4:1, 4:3, 4:5, 5:4, 8:1, 9:16, 16:9, 21:9, auto".Split(", "),
            Contract.Schema("AspectRatio").Enumeration.Select(e => e!.ToString()));
    }

    private static JsonNode Resolve(JsonNode node) => Contract.Resolve(node);
}

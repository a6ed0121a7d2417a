using System.Text.Json.Nodes;
using NanoBanana.Contract.Tests.Transports;
using NanoBanana.Simulator;

namespace NanoBanana.Contract.Tests;

/// <summary>
/// The two-client conformance suite, driven by the spec's schemas rather than its examples: for every response
/// schema (what the API answers and what a callback delivers), a body with every property filled is read by each
/// generated client and written back, and every property must survive. A property added to the spec is exercised by
/// both clients with no test edit; one that neither reads fails the coverage test by name.
/// </summary>
public sealed class SchemaConformanceTests
{
    private static readonly ContractDocument Contract = ContractDocument.Current;

    /// <summary>Every schema a client reads: each response body's and each callback request body's (components, by name).</summary>
    public static IReadOnlyList<string> ResponseSchemas { get; } = SpecExampleTests.Operations(Contract.Root)
        .SelectMany(o => ((o.Path.Contains(" callbacks ", StringComparison.Ordinal) ? [o.Operation["requestBody"]] : Array.Empty<JsonNode?>())
            .Concat(((JsonObject)o.Operation["responses"]!).Select(r => (JsonNode?)r.Value))))
        .Where(holder => holder is not null)
        .Select(holder => Contract.Resolve(holder!)["content"]?["application/json"]?["schema"]?["$ref"]?.GetValue<string>())
        .OfType<string>()
        .Select(reference => reference.Split('/')[^1])
        .Distinct(StringComparer.Ordinal)
        .Order(StringComparer.Ordinal)
        .ToList();

    public static TheoryData<string, string> SchemasByGenerator()
    {
        var data = new TheoryData<string, string>();
        foreach (var generator in GeneratedTransport.Names)
        {
            foreach (var schema in ResponseSchemas) data.Add(generator, schema);
        }

        return data;
    }

    [Fact]
    public void The_response_schemas_are_found_in_the_spec()
    {
        Assert.Equal(["CreateTaskResponse", "CreditsBalance", "ErrorResponse", "GenerationTask"], ResponseSchemas);
    }

    [Theory]
    [MemberData(nameof(SchemasByGenerator))]
    public void Every_property_of_a_response_schema_reads_back_unchanged(string generator, string schemaName)
    {
        var (body, exercised) = Exercise(generator, schemaName);
        var missing = SchemaBody.PropertyPaths(Contract.Schema(schemaName)).Except(exercised).ToList();

        Assert.True(missing.Count == 0, $"{generator} lost {string.Join(", ", missing)} of {schemaName}: {body.ToJsonString()}");
    }

    [Fact]
    public void No_response_schema_property_is_left_unexercised_by_both_generators()
    {
        var byGenerator = GeneratedTransport.Names.ToDictionary(g => g, g => ResponseSchemas.SelectMany(s => Exercise(g, s).Exercised.Select(p => $"{s}.{p}")).ToHashSet());
        var every = ResponseSchemas.SelectMany(s => SchemaBody.PropertyPaths(Contract.Schema(s)).Select(p => $"{s}.{p}")).ToList();

        var byNeither = every.Where(p => byGenerator.Values.All(set => !set.Contains(p))).ToList();
        var byOne = every.Where(p => byGenerator.Values.Count(set => set.Contains(p)) == 1).ToList();

        Assert.True(byNeither.Count == 0, "response schema properties exercised by neither generated client: " + string.Join(", ", byNeither));
        Assert.True(byOne.Count == 0, "response schema properties read back by one generated client only (the spec is ambiguous): " + string.Join(", ", byOne));
        Assert.True(every.Count >= 20, $"only {every.Count} response properties found");
    }

    [Fact]
    public void A_property_the_generated_client_does_not_know_counts_as_unexercised()
    {
        // The coverage above means something only if a property missing from the generated model is caught: read a
        // task schema with an extra property (as a spec edit would add it) through the client generated from today's.
        var yaml = File.ReadAllText(ContractDocument.SpecPath).Replace(
            "        output:\n          $ref: '#/components/schemas/TaskOutput'\n",
            "        output:\n          $ref: '#/components/schemas/TaskOutput'\n        seed:\n          type: integer\n          example: 7\n          description: Added.\n",
            StringComparison.Ordinal);
        var edited = ContractDocument.Load(yaml).Schema("GenerationTask");
        var body = SchemaBody.Build(edited, everyProperty: true)!;

        Assert.Contains("seed", SchemaBody.PropertyPaths(edited));
        foreach (var generator in GeneratedTransport.Names)
        {
            using var transport = GeneratedTransport.Create(generator, new Uri("http://127.0.0.1:9/"));
            var readBack = transport.RoundTrip("GenerationTask", body.ToJsonString(), typedOnly: true);
            var exercised = Exercised(edited, body, readBack);
            Assert.DoesNotContain("seed", exercised);
            Assert.Contains("output.metadata.costTime", exercised);
        }
    }

    /// <summary>Reads a body with every property of <paramref name="schemaName"/> through <paramref name="generator"/>'s model and back.</summary>
    private static (JsonNode Body, HashSet<string> Exercised) Exercise(string generator, string schemaName)
    {
        var schema = Contract.Schema(schemaName);
        var body = SchemaBody.Build(schema, everyProperty: true)!;
        using var transport = GeneratedTransport.Create(generator, new Uri("http://127.0.0.1:9/"));
        var readBack = transport.RoundTrip(schemaName, body.ToJsonString(), typedOnly: true);
        return (body, Exercised(schema, body, readBack));
    }

    /// <summary>The property paths whose value the client read into a typed member and wrote back as it was sent.</summary>
    private static HashSet<string> Exercised(NJsonSchema.JsonSchema schema, JsonNode sent, JsonNode readBack) =>
        SchemaBody.PropertyPaths(schema).Where(path => At(sent, path) is { } value && JsonNode.DeepEquals(value, At(readBack, path))).ToHashSet();

    private static JsonNode? At(JsonNode? node, string path)
    {
        foreach (var part in path.Split('.'))
        {
            while (node is JsonArray { Count: > 0 } array) node = array[0];
            node = node is JsonObject obj ? obj[part] : null;
            if (node is null) return null;
        }

        return node;
    }
}

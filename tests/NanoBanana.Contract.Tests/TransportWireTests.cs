using System.Text.Json.Nodes;
using NanoBanana.Contract.Tests.Transports;
using NanoBanana.Testing;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;
using WireMock.Server;

namespace NanoBanana.Contract.Tests;

/// <summary>
/// Each generated client (NSwag's transport and Kiota's client, <see cref="GeneratedTransport"/>) puts exactly the
/// documented JSON on the wire, reads every documented response and every documented error. Where the two
/// generators disagree, the spec is ambiguous: fix the spec, not the test.
/// </summary>
public sealed class TransportWireTests : IDisposable
{
    private readonly WireMockServer _server = WireMockServer.Start();

    public TransportWireTests() =>
        _server.Given(Request.Create().WithPath("/v1/images/generations").UsingPost())
            .RespondWith(Response.Create().WithStatusCode(200).WithHeader("Content-Type", "application/json")
                .WithBody("""{"code":200,"msg":"success","data":{"taskId":"397ce9f2-c04e-4244-ac33-3af19a7cc297"}}"""));

    public void Dispose() => _server.Dispose();

    private GeneratedTransport Transport(string generator) => GeneratedTransport.Create(generator, new Uri(_server.Url!));

    private string LastRawBody() => _server.LogEntries.Last().RequestMessage.Body!;

    private JsonNode LastBody() => JsonNode.Parse(LastRawBody())!;

    /// <summary>The docs' two create requests, in the contract's terms.</summary>
    public static IReadOnlyDictionary<string, (CreateRequest Request, string Json)> DocsRequests { get; } = new Dictionary<string, (CreateRequest, string)>
    {
        ["textToImage"] = (new CreateRequest("A polished comic-style launch scene in a bright creative workspace", "Landscape16x9", CallbackUrl: "https://your-server.com/webhook"),
            """{"model":"nano-banana-2-lite","callback_url":"https://your-server.com/webhook","input":{"prompt":"A polished comic-style launch scene in a bright creative workspace","aspect_ratio":"16:9"}}"""),
        ["imageEditing"] = (new CreateRequest("Transform this product photo into a clean studio advertisement", "Portrait4x5", ["https://example.com/product.png"]),
            """{"model":"nano-banana-2-lite","input":{"prompt":"Transform this product photo into a clean studio advertisement","image_urls":["https://example.com/product.png"],"aspect_ratio":"4:5"}}"""),
    };

    public static TheoryData<string, string> DocsRequestsByGenerator()
    {
        var data = new TheoryData<string, string>();
        foreach (var generator in GeneratedTransport.Names)
        {
            foreach (var name in DocsRequests.Keys) data.Add(generator, name);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(DocsRequestsByGenerator))]
    public async Task The_docs_create_examples_go_on_the_wire_verbatim_and_unset_fields_are_omitted(string generator, string example)
    {
        using var transport = Transport(generator);
        var (request, json) = DocsRequests[example];

        await transport.CreateTaskAsync(request);

        // A documented default sent explicitly (Kiota initialises fields from the spec's `default:`) means the same
        // as the field omitted; anything else must be the docs' JSON exactly.
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(json), WithoutExplicitDefaults(LastBody(), JsonNode.Parse(json)!)), $"{generator}: {LastRawBody()}");
        Assert.DoesNotContain("null", LastRawBody(), StringComparison.Ordinal);
    }

    [Fact]
    public void Comparing_meaning_drops_only_a_documented_default_the_expected_body_omits()
    {
        var expected = JsonNode.Parse("""{"model":"nano-banana-2-lite","input":{"prompt":"p"}}""")!;
        var withDefaults = JsonNode.Parse("""{"model":"nano-banana-2-lite","input":{"prompt":"p","aspect_ratio":"auto","resolution":"1K"}}""")!;
        var withOtherValue = JsonNode.Parse("""{"model":"nano-banana-2-lite","input":{"prompt":"p","aspect_ratio":"16:9"}}""")!;

        Assert.True(JsonNode.DeepEquals(expected, WithoutExplicitDefaults(withDefaults, expected)));
        Assert.False(JsonNode.DeepEquals(expected, WithoutExplicitDefaults(withOtherValue, expected)));
    }

    [Theory]
    [MemberData(nameof(DocsRequestNames))]
    public async Task Both_generators_put_equivalent_json_on_the_wire_after_canonical_ordering_and_documented_defaults(string example)
    {
        var bodies = new List<string>();
        foreach (var generator in GeneratedTransport.Names)
        {
            using var transport = Transport(generator);
            await transport.CreateTaskAsync(DocsRequests[example].Request);
            bodies.Add(Canonical(WithoutExplicitDefaults(LastBody(), JsonNode.Parse(DocsRequests[example].Json)!)).ToJsonString());
        }

        Assert.Equal(bodies[0], bodies[1]);
    }

    public static TheoryData<string> DocsRequestNames() => new(DocsRequests.Keys);

    public static TheoryData<string, string> EnumsByGenerator()
    {
        var data = new TheoryData<string, string>();
        foreach (var generator in GeneratedTransport.Names)
        {
            foreach (var schema in new[] { "AspectRatio", "ImageResolution", "ImageModel", "GenerationTaskStatus" }) data.Add(generator, schema);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(EnumsByGenerator))]
    public void Every_enum_member_has_its_documented_wire_value_and_readable_name(string generator, string schemaName)
    {
        using var transport = Transport(generator);
        var schema = ContractDocument.Current.Root["components"]!["schemas"]![schemaName]!;
        var documented = schema["enum"]!.AsArray().Select(v => v!.GetValue<string>());
        var names = schema["x-enumNames"]!.AsArray().Select(v => v!.GetValue<string>());

        var members = transport.EnumMembers(schemaName);

        Assert.Equal(documented, members.Select(m => m.Wire));
        Assert.Equal(names, members.Select(m => m.Name));
    }

    public static TheoryData<string, string> ResponseExamples()
    {
        var data = new TheoryData<string, string>();
        foreach (var generator in GeneratedTransport.Names)
        {
            foreach (var (path, schema, _) in SpecExampleTests.MediaTypeExamples(ContractDocument.Current))
            {
                if (schema is "GenerationTask" or "CreateTaskResponse" or "ErrorResponse" && !path.Contains("requestBody", StringComparison.Ordinal)) data.Add(generator, path);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(ResponseExamples))]
    public void Every_documented_response_reads_into_the_generated_type_without_losing_a_field(string generator, string path)
    {
        using var transport = Transport(generator);
        var (_, schemaName, example) = SpecExampleTests.MediaTypeExamples(ContractDocument.Current).Single(e => e.Path == path);

        var roundTrip = transport.RoundTrip(schemaName, example.ToJsonString());

        Assert.True(JsonNode.DeepEquals(WithoutNulls(example), roundTrip), $"{generator} {path}: {example.ToJsonString()} read back as {roundTrip.ToJsonString()}");
    }

    [Theory]
    [MemberData(nameof(GeneratedTransport.All), MemberType = typeof(GeneratedTransport))]
    public async Task The_transport_reads_the_docs_completed_task_from_the_wire(string generator)
    {
        using var transport = Transport(generator);
        _server.Given(Request.Create().WithPath("/v1/tasks/397ce9f2-c04e-4244-ac33-3af19a7cc297").UsingGet())
            .RespondWith(Response.Create().WithStatusCode(200).WithHeader("Content-Type", "application/json")
                .WithBody("""{"id":"397ce9f2-c04e-4244-ac33-3af19a7cc297","status":"completed","model":"nano-banana-2-lite","output":{"urls":["https://file.aivideoapi.ai/images/2026/07/02/abc123.jpg"],"metadata":{"model":"nano-banana-2-lite","costTime":12000}}}"""));

        var task = await transport.GetTaskAsync("397ce9f2-c04e-4244-ac33-3af19a7cc297");

        Assert.Equal("completed", task.Status); // the wire value, from both generators
        Assert.Equal("397ce9f2-c04e-4244-ac33-3af19a7cc297", task.Id);
        Assert.Equal("https://file.aivideoapi.ai/images/2026/07/02/abc123.jpg", Assert.Single(task.OutputUrls));
        Assert.Equal(12000, task.CostTime);
        Assert.Equal("nano-banana-2-lite", task.MetadataModel);
    }

    public static TheoryData<string, string, string> DocumentedErrors()
    {
        var data = new TheoryData<string, string, string>();
        foreach (var generator in GeneratedTransport.Names)
        {
            foreach (var operation in new[] { "createTask", "getTask", "getCredits" })
            {
                foreach (var error in ApiStubs.ErrorsOf(operation)) data.Add(generator, operation, error.Code);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(DocumentedErrors))]
    public async Task Every_documented_error_reads_as_the_envelope_with_its_status(string generator, string operationId, string code)
    {
        using var transport = Transport(generator);
        var stub = ApiStubs.Error(operationId, code);
        _server.Serve(stub);
        var documented = ApiStubs.DocumentedError(code);

        var error = await transport.ReadErrorAsync(operationId, ApiStubs.TaskId);

        Assert.Equal(new ErrorView(documented.Status, documented.Code, documented.Message, documented.Type), error);
    }

    /// <summary>
    /// <paramref name="body"/> without the fields that hold their schema's documented <c>default:</c> and that
    /// <paramref name="expected"/> omits: sending a documented default means the same as omitting the field.
    /// </summary>
    private static JsonNode WithoutExplicitDefaults(JsonNode body, JsonNode expected) =>
        WithoutExplicitDefaults(body, expected, ContractDocument.Current.Schema("GenerationRequest"));

    private static JsonNode WithoutExplicitDefaults(JsonNode body, JsonNode? expected, NJsonSchema.JsonSchema schema)
    {
        if (body is not JsonObject obj) return body.DeepClone();
        var result = new JsonObject();
        foreach (var (name, value) in obj)
        {
            var declared = schema.ActualProperties.TryGetValue(name, out var p) ? p : null;
            var property = declared?.ActualSchema;
            var documentedDefault = declared?.Default ?? property?.Default;
            var omittedThere = expected is JsonObject e && !e.ContainsKey(name);
            if (omittedThere && documentedDefault is not null && value is JsonValue v && v.ToString() == documentedDefault.ToString()) continue;
            result[name] = value is null ? null : property is null ? value.DeepClone() : WithoutExplicitDefaults(value, expected?[name], property);
        }

        return result;
    }

    /// <summary>A documented null (such as <c>progress: null</c>) and an absent field read the same way.</summary>
    private static JsonNode WithoutNulls(JsonNode node) => node switch
    {
        JsonObject obj => new JsonObject(obj.Where(kv => kv.Value is not null).Select(kv => KeyValuePair.Create(kv.Key, (JsonNode?)WithoutNulls(kv.Value!)))),
        JsonArray arr => new JsonArray(arr.Select(n => n is null ? null : WithoutNulls(n)).ToArray()),
        _ => node.DeepClone(),
    };

    /// <summary>The same JSON with every object's properties in ordinal order.</summary>
    private static JsonNode Canonical(JsonNode node) => node switch
    {
        JsonObject obj => new JsonObject(obj.OrderBy(kv => kv.Key, StringComparer.Ordinal).Select(kv => KeyValuePair.Create(kv.Key, kv.Value is null ? null : (JsonNode?)Canonical(kv.Value)))),
        JsonArray arr => new JsonArray(arr.Select(n => n is null ? null : Canonical(n)).ToArray()),
        _ => node.DeepClone(),
    };
}

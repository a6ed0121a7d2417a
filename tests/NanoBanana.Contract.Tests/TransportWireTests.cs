using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using NanoBanana.Client;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;
using WireMock.Server;

namespace NanoBanana.Contract.Tests;

/// <summary>The generated transport puts exactly the documented JSON on the wire and reads every documented response.</summary>
public sealed class TransportWireTests : IDisposable
{
    private readonly WireMockServer _server = WireMockServer.Start();
    private readonly HttpClient _http;
    private readonly NanoBananaTransport _transport;

    public TransportWireTests()
    {
        _http = new HttpClient { BaseAddress = new Uri(_server.Url! + "/") };
        _transport = new NanoBananaTransport(_http);
        _server.Given(Request.Create().WithPath("/v1/images/generations").UsingPost())
            .RespondWith(Response.Create().WithStatusCode(200).WithHeader("Content-Type", "application/json")
                .WithBody("""{"code":200,"msg":"success","data":{"taskId":"397ce9f2-c04e-4244-ac33-3af19a7cc297"}}"""));
    }

    public void Dispose()
    {
        _http.Dispose();
        _server.Dispose();
    }

    private JsonNode LastBody() => JsonNode.Parse(_server.LogEntries.Last().RequestMessage.Body!)!;

    [Fact]
    public async Task The_docs_create_example_goes_on_the_wire_verbatim()
    {
        await _transport.CreateTaskAsync(new GenerationRequest
        {
            Model = ImageModel.NanoBanana2Lite,
            CallbackUrl = new Uri("https://your-server.com/webhook"),
            Input = new GenerationInput
            {
                Prompt = "A polished comic-style launch scene in a bright creative workspace",
                AspectRatio = AspectRatio.Landscape16x9,
            },
        }, CancellationToken.None);

        var expected = JsonNode.Parse("""{"model":"nano-banana-2-lite","callback_url":"https://your-server.com/webhook","input":{"prompt":"A polished comic-style launch scene in a bright creative workspace","aspect_ratio":"16:9"}}""");
        Assert.True(JsonNode.DeepEquals(expected, LastBody()), LastBody().ToJsonString());
    }

    [Fact]
    public async Task The_docs_image_editing_example_goes_on_the_wire_verbatim_and_unset_fields_are_omitted()
    {
        await _transport.CreateTaskAsync(new GenerationRequest
        {
            Model = ImageModel.NanoBanana2Lite,
            Input = new GenerationInput
            {
                Prompt = "Transform this product photo into a clean studio advertisement",
                ImageUrls = [new Uri("https://example.com/product.png")],
                AspectRatio = AspectRatio.Portrait4x5,
            },
        }, CancellationToken.None);

        var expected = JsonNode.Parse("""{"model":"nano-banana-2-lite","input":{"prompt":"Transform this product photo into a clean studio advertisement","image_urls":["https://example.com/product.png"],"aspect_ratio":"4:5"}}""");
        Assert.True(JsonNode.DeepEquals(expected, LastBody()), LastBody().ToJsonString());
        Assert.DoesNotContain("null", _server.LogEntries.Last().RequestMessage.Body!, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(typeof(AspectRatio), "AspectRatio")]
    [InlineData(typeof(ImageResolution), "ImageResolution")]
    [InlineData(typeof(ImageModel), "ImageModel")]
    public void Every_enum_member_has_its_documented_wire_value(Type type, string schemaName)
    {
        var documented = ContractDocument.Current.Root["components"]!["schemas"]![schemaName]!["enum"]!.AsArray().Select(v => v!.GetValue<string>());
        var options = new JsonSerializerOptions { Converters = { new JsonStringEnumConverter() } };
        var wire = Enum.GetValues(type).Cast<object>().Select(v => JsonSerializer.SerializeToNode(v, type, options)!.GetValue<string>());
        Assert.Equal(documented, wire);
    }

    [Fact]
    public void Every_documented_task_status_is_a_known_member_with_its_wire_value()
    {
        var documented = ContractDocument.Current.Root["components"]!["schemas"]!["GenerationTaskStatus"]!["enum"]!.AsArray().Select(v => v!.GetValue<string>());
        GenerationTaskStatus[] members = [GenerationTaskStatus.Pending, GenerationTaskStatus.Processing, GenerationTaskStatus.Completed, GenerationTaskStatus.Failed];

        Assert.Equal(documented, members.Select(m => JsonSerializer.SerializeToNode(m)!.GetValue<string>()));
        Assert.All(members, m => Assert.True(m.IsKnown));
    }

    public static TheoryData<string> ResponseExamples()
    {
        var data = new TheoryData<string>();
        foreach (var (path, schema, _) in SpecExampleTests.MediaTypeExamples(ContractDocument.Current))
        {
            if (schema is "GenerationTask" or "CreateTaskResponse" or "ErrorResponse" && !path.Contains("requestBody", StringComparison.Ordinal)) data.Add(path);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(ResponseExamples))]
    public void Every_documented_response_reads_into_the_generated_type_without_losing_a_field(string path)
    {
        var (_, schemaName, example) = SpecExampleTests.MediaTypeExamples(ContractDocument.Current).Single(e => e.Path == path);
        var type = typeof(GenerationRequest).Assembly.GetType("NanoBanana.Client." + schemaName, throwOnError: true)!;
        var model = JsonSerializer.Deserialize(example.ToJsonString(), type, NanoBananaTransport.SerializerOptions)!;
        var roundTrip = JsonNode.Parse(JsonSerializer.Serialize(model, type, NanoBananaTransport.SerializerOptions))!;
        Assert.True(JsonNode.DeepEquals(WithoutNulls(example), roundTrip), $"{path}: {example.ToJsonString()} read back as {roundTrip.ToJsonString()}");
    }

    [Fact]
    public async Task The_transport_reads_the_docs_completed_task_from_the_wire()
    {
        _server.Given(Request.Create().WithPath("/v1/tasks/397ce9f2-c04e-4244-ac33-3af19a7cc297").UsingGet())
            .RespondWith(Response.Create().WithStatusCode(200).WithHeader("Content-Type", "application/json")
                .WithBody("""{"id":"397ce9f2-c04e-4244-ac33-3af19a7cc297","status":"completed","model":"nano-banana-2-lite","output":{"urls":["https://file.aivideoapi.ai/images/2026/07/02/abc123.jpg"],"metadata":{"model":"nano-banana-2-lite","costTime":12000}}}"""));

        var task = await _transport.GetTaskAsync("397ce9f2-c04e-4244-ac33-3af19a7cc297", CancellationToken.None);

        Assert.Equal(GenerationTaskStatus.Completed, task.Status);
        Assert.Equal("https://file.aivideoapi.ai/images/2026/07/02/abc123.jpg", Assert.Single(task.Output!.Urls).ToString());
        Assert.Equal(12000, task.Output.Metadata!.CostTime);
        Assert.Equal("nano-banana-2-lite", task.Output.Metadata.Model);
    }

    /// <summary>A documented null (such as <c>progress: null</c>) and an absent field read the same way.</summary>
    private static JsonNode WithoutNulls(JsonNode node) => node switch
    {
        JsonObject obj => new JsonObject(obj.Where(kv => kv.Value is not null).Select(kv => KeyValuePair.Create(kv.Key, (JsonNode?)WithoutNulls(kv.Value!)))),
        JsonArray arr => new JsonArray(arr.Select(n => n is null ? null : WithoutNulls(n)).ToArray()),
        _ => node.DeepClone(),
    };
}

using System.Text.Json.Nodes;

namespace NanoBanana.Contract.Tests;

/// <summary>Every example in the contract validates against the schema it illustrates.</summary>
public class SpecExampleTests
{
    private static readonly ContractDocument Contract = ContractDocument.Current;

    public static TheoryData<string> ExamplePaths()
    {
        var data = new TheoryData<string>();
        foreach (var (path, _, _) in MediaTypeExamples(Contract)) data.Add(path);
        return data;
    }

    [Theory]
    [MemberData(nameof(ExamplePaths))]
    public void Example_validates_against_its_schema(string path)
    {
        var (_, schemaName, example) = MediaTypeExamples(Contract).Single(e => e.Path == path);
        var errors = Contract.Schema(schemaName).Validate(example.ToJsonString());
        Assert.True(errors.Count == 0, $"{path} does not match {schemaName}: {string.Join("; ", errors)}");
    }

    [Fact]
    public void Every_json_example_of_the_docs_is_in_the_contract()
    {
        // The docs' JSON examples, as they stand in shared/docs/nano-banana-2-lite-api.txt.
        var documented = new[]
        {
            """{"model":"nano-banana-2-lite","callback_url":"https://your-server.com/webhook","input":{"prompt":"A polished comic-style launch scene in a bright creative workspace","aspect_ratio":"16:9"}}""",
            """{"model":"nano-banana-2-lite","input":{"prompt":"Transform this product photo into a clean studio advertisement","image_urls":["https://example.com/product.png"],"aspect_ratio":"4:5"}}""",
            """{"code":200,"msg":"success","data":{"taskId":"397ce9f2-c04e-4244-ac33-3af19a7cc297"}}""",
            """{"id":"397ce9f2-c04e-4244-ac33-3af19a7cc297","status":"completed","model":"nano-banana-2-lite","output":{"urls":["https://file.aivideoapi.ai/images/2026/07/02/abc123.jpg"],"metadata":{"model":"nano-banana-2-lite","costTime":12000}}}""",
            """{"error":{"code":"insufficient_credits","message":"Your credit balance is too low. Please top up.","type":"billing_error"}}""",
            """{"error":{"code":"invalid_request","message":"'model' is required.","type":"invalid_request_error"}}""",
        };
        var inContract = MediaTypeExamples(Contract).Select(e => e.Example).ToList();
        foreach (var json in documented)
        {
            var expected = JsonNode.Parse(json);
            Assert.True(inContract.Any(e => JsonNode.DeepEquals(e, expected)), $"docs example missing from the contract: {json}");
        }
    }

    [Fact]
    public void The_walk_finds_the_examples_of_every_operation()
    {
        var paths = MediaTypeExamples(Contract).Select(e => e.Path).ToList();
        Assert.Contains(paths, p => p.StartsWith("/v1/images/generations post requestBody", StringComparison.Ordinal));
        Assert.Contains(paths, p => p.StartsWith("/v1/tasks/{taskId} get 200", StringComparison.Ordinal));
        Assert.Contains(paths, p => p.Contains("callbacks", StringComparison.Ordinal));
        Assert.True(paths.Count >= 20, $"only {paths.Count} examples found");
    }

    /// <summary>Each example of a request or response body (callbacks included) with the schema it illustrates.</summary>
    internal static IEnumerable<(string Path, string SchemaName, JsonNode Example)> MediaTypeExamples(ContractDocument contract)
    {
        foreach (var (path, operation) in Operations(contract.Root))
        {
            if (operation["requestBody"] is JsonNode body)
            {
                foreach (var e in FromMediaTypes(contract, $"{path} requestBody", contract.Resolve(body))) yield return e;
            }

            foreach (var (status, response) in (JsonObject)operation["responses"]!)
            {
                foreach (var e in FromMediaTypes(contract, $"{path} {status}", contract.Resolve(response!))) yield return e;
            }
        }
    }

    /// <summary>Every operation, callbacks included, named "path method".</summary>
    internal static IEnumerable<(string Path, JsonObject Operation)> Operations(JsonObject root)
    {
        foreach (var (path, item) in (JsonObject)root["paths"]!)
        {
            foreach (var (method, operation) in (JsonObject)item!)
            {
                if (operation is not JsonObject op) continue;
                yield return ($"{path} {method}", op);
                if (op["callbacks"] is not JsonObject callbacks) continue;
                foreach (var (name, callback) in callbacks)
                {
                    foreach (var (expression, cbItem) in (JsonObject)callback!)
                    {
                        foreach (var (cbMethod, cbOp) in (JsonObject)cbItem!)
                        {
                            yield return ($"{path} {method} callbacks {name} {expression} {cbMethod}", (JsonObject)cbOp!);
                        }
                    }
                }
            }
        }
    }

    private static IEnumerable<(string, string, JsonNode)> FromMediaTypes(ContractDocument contract, string path, JsonNode holder)
    {
        if (holder["content"] is not JsonObject content) yield break;
        foreach (var (mediaType, media) in content)
        {
            var schemaRef = media!["schema"]?["$ref"]?.GetValue<string>()
                            ?? throw new InvalidOperationException($"{path} {mediaType}: schemas are referenced from components");
            var schemaName = schemaRef.Split('/')[^1];
            if (media["examples"] is JsonObject examples)
            {
                foreach (var (name, example) in examples)
                {
                    yield return ($"{path} {mediaType} {name}", schemaName, contract.Resolve(example!)["value"]!.DeepClone());
                }
            }
        }
    }
}

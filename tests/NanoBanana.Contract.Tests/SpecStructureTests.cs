using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace NanoBanana.Contract.Tests;

/// <summary>The contract carries what the docs name: server, auth, operations, callback, errors, version.</summary>
public partial class SpecStructureTests
{
    private static readonly ContractDocument Contract = ContractDocument.Current;

    [Fact]
    public void Parses_as_OpenAPI_3_0_with_a_semver_version_and_the_documented_server()
    {
        Assert.Equal("3.0.3", Contract.Root["openapi"]!.GetValue<string>());
        Assert.Matches(SemVer(), Contract.OpenApi.Info.Version);
        Assert.Equal("https://api.aivideoapi.ai", Assert.Single(Contract.OpenApi.Servers).Url);
        Assert.Equal(new[] { "/v1/credits", "/v1/images/generations", "/v1/tasks/{taskId}" }, Contract.OpenApi.Paths.Keys.Order());
    }

    [Fact]
    public void The_changelog_has_an_entry_for_the_current_version()
    {
        var changelog = File.ReadAllText(Path.Combine(ContractDocument.RepoRoot, "openapi", "v1", "CHANGELOG.md"));
        Assert.Contains($"## {Contract.OpenApi.Info.Version}", changelog, StringComparison.Ordinal);
    }

    [Fact]
    public void Every_API_operation_requires_the_bearer_key()
    {
        var scheme = Contract.OpenApi.Components.SecuritySchemes["bearerAuth"];
        Assert.Equal("bearer", scheme.Scheme);
        foreach (var (path, item) in Contract.OpenApi.Paths)
        {
            foreach (var (method, operation) in item)
            {
                var requirement = Assert.Single(operation.Security ?? []);
                Assert.True(requirement.ContainsKey("bearerAuth"), $"{method} {path} does not require bearerAuth");
            }
        }
    }

    [Fact]
    public void The_create_operation_documents_the_callback_as_a_POST_of_the_task()
    {
        var callback = Contract.Root["paths"]!["/v1/images/generations"]!["post"]!["callbacks"]!["taskFinished"]!["{$request.body#/callback_url}"]!["post"]!;
        Assert.Equal("#/components/schemas/GenerationTask",
            callback["requestBody"]!["content"]!["application/json"]!["schema"]!["$ref"]!.GetValue<string>());
    }

    // The docs' error table: (HTTP status, code, type).
    public static TheoryData<int, string, string> ErrorTable() => new()
    {
        { 400, "invalid_request", "invalid_request_error" },
        { 401, "invalid_api_key", "authentication_error" },
        { 402, "insufficient_credits", "billing_error" },
        { 403, "ip_not_allowed", "permission_error" },
        { 404, "model_not_found", "invalid_request_error" },
        { 404, "task_not_found", "invalid_request_error" },
        { 429, "rate_limit_exceeded", "rate_limit_error" },
        { 429, "spend_limit_exceeded", "billing_error" },
        { 500, "internal_error", "api_error" },
        { 503, "upstream_error", "upstream_error" },
    };

    [Theory]
    [MemberData(nameof(ErrorTable))]
    public void Every_documented_error_is_an_example_of_its_status_on_an_operation(int status, string code, string type)
    {
        var matches = SpecExampleTests.MediaTypeExamples(Contract)
            .Where(e => e.Path.Split(' ')[2] == status.ToString(System.Globalization.CultureInfo.InvariantCulture) && e.SchemaName == "ErrorResponse")
            .Where(e => e.Example["error"]!["code"]!.GetValue<string>() == code && e.Example["error"]!["type"]!.GetValue<string>() == type)
            .ToList();
        Assert.NotEmpty(matches);
        var documentedCodes = Contract.Root["components"]!["schemas"]!["ErrorDetail"]!["properties"]!["code"]!["x-extensible-enum"]!.AsArray().Select(n => n!.GetValue<string>());
        Assert.Contains(code, documentedCodes);
    }

    [Fact]
    public void Task_not_found_is_on_get_task_and_model_not_found_on_create()
    {
        var examples = SpecExampleTests.MediaTypeExamples(Contract).ToList();
        Assert.Contains(examples, e => e.Path.StartsWith("/v1/tasks/{taskId} get 404", StringComparison.Ordinal) && e.Example.ToJsonString().Contains("task_not_found", StringComparison.Ordinal));
        Assert.Contains(examples, e => e.Path.StartsWith("/v1/images/generations post 404", StringComparison.Ordinal) && e.Example.ToJsonString().Contains("model_not_found", StringComparison.Ordinal));
    }

    [Fact]
    public void Every_enum_has_readable_names_of_the_same_length()
    {
        foreach (var (name, schema) in (JsonObject)Contract.Root["components"]!["schemas"]!)
        {
            if (schema!["enum"] is not JsonArray values) continue;
            Assert.Equal(values.Count, schema["x-enumNames"]?.AsArray().Count ?? -1);
        }
    }

    [GeneratedRegex(@"^\d+\.\d+\.\d+(-[0-9A-Za-z.-]+)?$")]
    private static partial Regex SemVer();
}

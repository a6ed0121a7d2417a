using System.Reflection;
using System.Text.Json.Nodes;
using NanoBanana.Client;

namespace NanoBanana.Contract.Tests;

/// <summary>
/// The client's error table (<see cref="FailureClassifier.DocumentedErrors"/>) is the spec's: every error an
/// operation documents (status and the <c>error.code</c> of its examples) has a row, every row is documented
/// somewhere, the codes are the spec's <c>x-extensible-enum</c>, and each documented error of each operation
/// maps to its row's typed exception, with the row's treatment.
/// </summary>
public class FailureClassifierSpecTests
{
    private static readonly ContractDocument Contract = ContractDocument.Current;

    /// <summary>(operationId, status, code, type, message) of every error example the operations document (callbacks aside).</summary>
    private static List<(string Operation, int Status, string Code, string Type, string Message)> SpecErrors()
    {
        var errors = new List<(string, int, string, string, string)>();
        foreach (var (_, item) in (JsonObject)Contract.Root["paths"]!)
        {
            foreach (var (method, operationNode) in (JsonObject)item!)
            {
                if (method is not ("get" or "post" or "put" or "patch" or "delete")) continue;
                var operation = (JsonObject)operationNode!;
                var operationId = operation["operationId"]!.GetValue<string>();
                foreach (var (statusText, responseNode) in (JsonObject)operation["responses"]!)
                {
                    if (!int.TryParse(statusText, out var status) || status is >= 200 and < 300) continue;
                    var response = Contract.Resolve(responseNode!);
                    var examples = response["content"]?["application/json"]?["examples"] as JsonObject;
                    Assert.True(examples is { Count: > 0 }, $"{operationId} {status}: the spec gives no error example to read the code from");
                    foreach (var (_, exampleNode) in examples!)
                    {
                        var error = Contract.Resolve(exampleNode!)["value"]!["error"]!;
                        errors.Add((operationId, status, error["code"]!.GetValue<string>(), error["type"]!.GetValue<string>(), error["message"]!.GetValue<string>()));
                    }
                }
            }
        }

        return errors;
    }

    [Fact]
    public void Every_documented_error_has_one_row_and_every_row_is_documented()
    {
        var documented = SpecErrors().Select(e => (e.Status, e.Code)).Distinct().Order().ToList();
        var rows = FailureClassifier.DocumentedErrors.Select(r => (r.Status, r.Code)).ToList();

        Assert.Equal(rows.Count, rows.Distinct().Count());
        Assert.Equal(documented, rows.Order().ToList());
    }

    [Fact]
    public void The_rows_and_NanoBananaErrorCodes_are_the_specs_documented_codes()
    {
        var specCodes = ((JsonArray)Contract.Root["components"]!["schemas"]!["ErrorDetail"]!["properties"]!["code"]!["x-extensible-enum"]!)
            .Select(c => c!.GetValue<string>()).Order().ToList();
        var constants = typeof(NanoBananaErrorCodes).GetFields(BindingFlags.Public | BindingFlags.Static)
            .Select(f => (string)f.GetRawConstantValue()!).Order().ToList();

        Assert.Equal(specCodes, FailureClassifier.DocumentedErrors.Select(r => r.Code).Distinct().Order().ToList());
        Assert.Equal(specCodes, constants);
    }

    public static TheoryData<string, int, string> OperationErrors()
    {
        var data = new TheoryData<string, int, string>();
        foreach (var e in SpecErrors()) data.Add(e.Operation, e.Status, e.Code);
        return data;
    }

    [Theory]
    [MemberData(nameof(OperationErrors))]
    public void Each_documented_error_of_each_operation_maps_to_its_rows_typed_exception(string operationId, int status, string code)
    {
        var (_, _, _, type, message) = SpecErrors().First(e => e.Operation == operationId && e.Status == status && e.Code == code);
        var row = Assert.Single(FailureClassifier.DocumentedErrors, r => r.Status == status && r.Code == code);
        var body = new JsonObject { ["error"] = new JsonObject { ["code"] = code, ["message"] = message, ["type"] = type } }.ToJsonString();
        var thrown = new NanoBananaTransportException("The HTTP status code of the response was not expected.", status, body,
            new Dictionary<string, IEnumerable<string>>(), null);

        var mapped = ErrorMapper.Map(thrown, null, operationId, new NanoBananaRedactor(["sk-unused"]));

        Assert.NotEqual(typeof(NanoBananaException), mapped.GetType()); // a documented error is never the untyped base
        Assert.Equal(row.Create("m", status, code, type, null, null).GetType(), mapped.GetType());
        Assert.Equal(status, mapped.StatusCode);
        Assert.Equal(code, mapped.ErrorCode);
        Assert.Equal(type, mapped.ErrorType);
        Assert.Same(row.Class, mapped.Class);
    }
}

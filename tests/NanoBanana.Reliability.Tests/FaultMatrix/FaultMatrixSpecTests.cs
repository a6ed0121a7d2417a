using System.Globalization;
using System.Text.Json.Nodes;
using NanoBanana.Simulator;
using NanoBanana.Testing;
using Newtonsoft.Json.Linq;

namespace NanoBanana.Reliability.Tests.FaultMatrix;

/// <summary>
/// The fault matrix and the spec agree: every error status a row injects on an API operation is one the spec declares
/// for that operation (with that code), unless the row is marked "undeclared, handled anyway"; a row so marked is one
/// the spec really does not declare; and every error the spec declares for an operation is injected on it.
/// </summary>
public sealed class FaultMatrixSpecTests
{
    private static readonly Lazy<NSwag.OpenApiDocument> Spec = new(() => NSwag.OpenApiYamlDocument.FromFileAsync(
        Path.Combine(ReliabilityDocTests.RepoRoot, "openapi", "v1", "nano-banana-2-lite.yaml")).GetAwaiter().GetResult());

    public static TheoryData<string> StatusRows()
    {
        var data = new TheoryData<string>();
        foreach (var row in FaultTable.Cases.Where(c => FaultTable.OperationId(c.Operation) is not null && c.Fault.Status is not null))
        {
            data.Add(row.ToString());
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(StatusRows))]
    public void A_status_the_matrix_injects_is_declared_for_the_operation_or_marked_undeclared(string name)
    {
        var row = FaultTable.Find(name);
        var status = row.Fault.Status!.Value;
        var body = row.Fault.ErrorCode is { } code ? Envelope(ApiStubs.DocumentedError(code)) : null;
        var violations = ContractChecker.Default.Check(new ContractExchange(
            name, row.Operation == ApiOperation.Create ? "POST" : "GET", FaultRig.PathOf(row.Operation), status, body));

        if (row.Undeclared)
        {
            Assert.True(violations.Count > 0,
                $"{name} is marked \"undeclared, handled anyway\", but the spec declares {status} {row.Fault.ErrorCode} for {FaultTable.OperationId(row.Operation)}: drop the marking (ApiStubs.ErrorsOf).");
        }
        else
        {
            Assert.True(violations.Count == 0,
                $"{name} injects what the spec does not declare for {FaultTable.OperationId(row.Operation)}: declare it in the spec, or mark the row undeclared (ApiStubs.ErrorsOf). " +
                string.Join("; ", violations.Select(v => v.Message)));
        }
    }

    public static TheoryData<string, int, string> DeclaredErrors()
    {
        var data = new TheoryData<string, int, string>();
        foreach (var operation in Spec.Value.Paths.Values.SelectMany(p => p.Values))
        {
            foreach (var (status, response) in operation.ActualResponses.Where(r => r.Key[0] is '4' or '5'))
            {
                var examples = response.ActualResponse.Content["application/json"].Examples.Values;
                foreach (var example in examples)
                {
                    var code = (string?)JToken.FromObject(example.ActualExample.Value!)["error"]?["code"];
                    data.Add(operation.OperationId, int.Parse(status, CultureInfo.InvariantCulture), code!);
                }
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(DeclaredErrors))]
    public void Every_error_the_spec_declares_for_an_operation_is_injected_on_it(string operationId, int status, string code)
    {
        var rows = FaultTable.Cases.Where(c => FaultTable.OperationId(c.Operation) == operationId && c.Fault.Status == status && c.Fault.ErrorCode == code).ToList();
        Assert.True(rows.Count > 0, $"the spec declares {status} {code} for {operationId}, but no row of the fault matrix injects it there");
        Assert.All(rows, r => Assert.False(r.Undeclared, $"{r} is marked undeclared, but the spec declares {status} {code} for {operationId}"));
    }

    [Fact]
    public void Undeclared_rows_exist_and_the_document_marks_them()
    {
        var undeclared = FaultTable.Cases.Where(c => c.Undeclared).ToList();
        Assert.Contains(undeclared, c => c.Operation == ApiOperation.GetTask && c.Fault.ErrorCode == "upstream_error");
        Assert.Contains(undeclared, c => c.Operation == ApiOperation.Credits && c.Fault.ErrorCode == "insufficient_credits");
        var rendered = ReliabilityDocTests.Render();
        Assert.Equal(undeclared.Count, rendered.Split("*(undeclared, handled anyway)*").Length - 1);
    }

    private static string Envelope(DocumentedError error) => new JsonObject
    {
        ["error"] = new JsonObject { ["code"] = error.Code, ["message"] = error.Message, ["type"] = error.Type },
    }.ToJsonString();
}

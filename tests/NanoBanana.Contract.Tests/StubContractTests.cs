using NanoBanana.Simulator;
using NanoBanana.Testing;

namespace NanoBanana.Contract.Tests;

/// <summary>
/// Every canned response of the catalogue (<see cref="ApiStubs"/>) is held to the spec: method and path exist,
/// status documented, body valid, error code and type documented for the status, headers documented, request
/// matcher fields defined. A drifting stub fails here with its name and the violation.
/// </summary>
public class StubContractTests
{
    public static TheoryData<int, string> Stubs()
    {
        var data = new TheoryData<int, string>();
        foreach (var (stub, index) in ApiStubs.All().Select((s, i) => (s, i))) data.Add(index, stub.Name);
        return data;
    }

    [Theory]
    [MemberData(nameof(Stubs))]
    public void Every_stub_conforms_to_the_spec(int index, string name)
    {
        var stub = ApiStubs.All().ElementAt(index);
        Assert.Equal(name, stub.Name);
        var violations = stub.CheckAgainstContract();
        Assert.True(violations.Count == 0, string.Join(Environment.NewLine, violations));
    }

    [Fact]
    public void The_catalogue_covers_every_task_status_and_every_documented_error()
    {
        var stubs = ApiStubs.All().ToList();
        foreach (var status in new[] { "pending", "processing", "completed", "failed" })
        {
            Assert.Contains(stubs, s => s.OperationId == "getTask" && s.Status == 200 && s.Body!.Contains($"\"status\":\"{status}\"", StringComparison.Ordinal));
        }

        foreach (var error in ApiStubs.DocumentedErrors)
        {
            Assert.Contains(stubs, s => s.Status == error.Status && s.Body!.Contains($"\"code\":\"{error.Code}\"", StringComparison.Ordinal) && s.Body.Contains($"\"type\":\"{error.Type}\"", StringComparison.Ordinal));
        }

        Assert.Contains(stubs, s => s.OperationId == "createTask" && s.Status == 200);
        Assert.Contains(stubs, s => s.OperationId == "getCredits" && s.Status == 200);
    }

    public static TheoryData<string, string> WrongStubs() => new()
    {
        { "wrong path", "no path of the spec matches /v1/task/abc" },
        { "wrong method", "the spec has no DELETE /v1/tasks/{taskId}" },
        { "undocumented status", "status 418 is not documented for getTask" },
        { "body drifted", "the body does not match CreateTaskResponse" },
        { "unknown status value", "the body does not match GenerationTask" },
        { "error under the wrong status", "error task_not_found (invalid_request_error) is not documented for createTask (POST /v1/images/generations) 404" },
        { "matcher on an undefined field", "refers to body field 'input.negative_prompt', which GenerationRequest does not define" },
        { "matcher on a GET", "takes no request body" },
        { "undocumented header", "header Retry-After is not documented for getCredits (GET /v1/credits) 200" },
        { "bad task id", "path parameter taskId = 'a b' does not match the spec" },
        { "missing body", "the body is missing" },
    };

    [Theory]
    [MemberData(nameof(WrongStubs))]
    public void The_check_bites_a_deliberately_wrong_stub_naming_it_and_the_violation(string wrong, string expected)
    {
        var stub = Wrong(wrong);

        var violations = stub.CheckAgainstContract();

        var violation = Assert.Single(violations, v => v.Message.Contains(expected, StringComparison.Ordinal));
        Assert.Equal(stub.Name, violation.Subject);
        Assert.StartsWith($"{stub.Name}: ", violation.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Assert_fails_with_a_message_naming_the_stub_and_the_violation()
    {
        var stub = Wrong("body drifted");
        var exception = Assert.Throws<ContractViolationException>(() => ContractChecker.Default.Assert(stub.ToExchange()));
        Assert.Contains("drifted stub (body drifted): the body does not match CreateTaskResponse", exception.Message, StringComparison.Ordinal);
    }

    private static ApiStub Wrong(string wrong) => wrong switch
    {
        "wrong path" => ApiStubs.Completed() with { Name = Named(wrong), Path = "/v1/task/abc" },
        "wrong method" => ApiStubs.Completed() with { Name = Named(wrong), Method = "DELETE" },
        "undocumented status" => ApiStubs.Completed() with { Name = Named(wrong), Status = 418 },
        "body drifted" => ApiStubs.Created() with { Name = Named(wrong), Body = """{"code":200,"data":{"taskId":"abc"}}""" },
        "unknown status value" => ApiStubs.Completed() with { Name = Named(wrong), Body = """{"id":"abc","status":"done"}""" },
        "error under the wrong status" => ApiStubs.Error("getTask", "task_not_found") with { Name = Named(wrong), OperationId = "createTask", Method = "POST", Path = "/v1/images/generations" },
        "matcher on an undefined field" => ApiStubs.Created() with { Name = Named(wrong), RequestBodyMatch = new Dictionary<string, string> { ["input.negative_prompt"] = "x" } },
        "matcher on a GET" => ApiStubs.Credits() with { Name = Named(wrong), RequestBodyMatch = new Dictionary<string, string> { ["model"] = "x" } },
        "undocumented header" => ApiStubs.Credits() with { Name = Named(wrong), Headers = new Dictionary<string, string> { ["Retry-After"] = "1" } },
        "bad task id" => ApiStubs.Completed() with { Name = Named(wrong), Path = "/v1/tasks/a%20b" },
        "missing body" => ApiStubs.Completed() with { Name = Named(wrong), Body = null },
        _ => throw new ArgumentOutOfRangeException(nameof(wrong)),
    };

    private static string Named(string wrong) => $"drifted stub ({wrong})";
}

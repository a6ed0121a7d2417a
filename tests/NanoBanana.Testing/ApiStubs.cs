using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace NanoBanana.Testing;

/// <summary>
/// The catalogue of canned API responses: every task status, every documented error code and type, the
/// create envelope and credits. One source for every test; the contract tests check each against the spec.
/// </summary>
public static class ApiStubs
{
    /// <summary>The task id of the docs' examples.</summary>
    public const string TaskId = "397ce9f2-c04e-4244-ac33-3af19a7cc297";

    /// <summary>The output URL of the docs' completed example (on the file host, not the API's).</summary>
    public const string OutputUrl = "https://file.aivideoapi.ai/images/2026/07/02/abc123.jpg";

    /// <summary>The docs' error table.</summary>
    public static IReadOnlyList<DocumentedError> DocumentedErrors { get; } =
    [
        new(400, "invalid_request", "invalid_request_error", "'model' is required."),
        new(401, "invalid_api_key", "authentication_error", "API key is invalid, disabled, or deleted"),
        new(402, "insufficient_credits", "billing_error", "Your credit balance is too low. Please top up."),
        new(403, "ip_not_allowed", "permission_error", "Request IP not in the key's allowlist"),
        new(404, "model_not_found", "invalid_request_error", "Model does not exist or is inactive"),
        new(404, "task_not_found", "invalid_request_error", "Task ID does not exist"),
        new(429, "rate_limit_exceeded", "rate_limit_error", "Too many requests, please slow down"),
        new(429, "spend_limit_exceeded", "billing_error", "Key spend limit reached (hourly/daily/total)"),
        new(500, "internal_error", "api_error", "Unexpected server error"),
        new(503, "upstream_error", "upstream_error", "Upstream AI provider returned an error"),
    ];

    /// <summary>The documented error with this code.</summary>
    public static DocumentedError DocumentedError(string code) => DocumentedErrors.Single(e => e.Code == code);

    /// <summary>Which documented errors each operation can answer with (as the contract lists them).</summary>
    public static IReadOnlyList<DocumentedError> ErrorsOf(string operationId) => operationId switch
    {
        "createTask" => DocumentedErrors.Where(e => e.Code != "task_not_found").ToList(),
        "getTask" => DocumentedErrors.Where(e => e.Code is "invalid_request" or "invalid_api_key" or "ip_not_allowed" or "task_not_found" or "rate_limit_exceeded" or "internal_error").ToList(),
        "getCredits" => DocumentedErrors.Where(e => e.Code is "invalid_api_key" or "ip_not_allowed" or "rate_limit_exceeded" or "internal_error").ToList(),
        _ => throw new ArgumentOutOfRangeException(nameof(operationId), operationId, "unknown operation"),
    };

    /// <summary>200 to a create: the docs' envelope.</summary>
    public static ApiStub Created(string taskId = TaskId) => new(
        "createTask 200", "createTask", "POST", "/v1/images/generations", 200,
        Json(new JsonObject { ["code"] = 200, ["msg"] = "success", ["data"] = new JsonObject { ["taskId"] = taskId } }));

    /// <summary>200 to a query: a pending task.</summary>
    public static ApiStub Pending(string taskId = TaskId) => TaskStub("pending", Task(taskId, "pending", createdAt: 1782950400, progress: null));

    /// <summary>200 to a query: a task in progress (the observations' shape).</summary>
    public static ApiStub Processing(string taskId = TaskId, double? progress = null) =>
        TaskStub("processing", Task(taskId, "processing", createdAt: 1782950400, progress: progress));

    /// <summary>200 to a query: the docs' completed task.</summary>
    public static ApiStub Completed(string taskId = TaskId, string outputUrl = OutputUrl, long costTime = 12000) =>
        TaskStub("completed", CompletedTask(taskId, outputUrl, costTime));

    /// <summary>200 to a query: a failed task (the observations' shape).</summary>
    public static ApiStub Failed(string taskId = TaskId, string code = "upstream_error", string message = "The upstream AI provider returned an error.") =>
        TaskStub("failed", new JsonObject
        {
            ["id"] = taskId,
            ["status"] = "failed",
            ["model"] = "nano-banana-2-lite",
            ["created_at"] = 1782950400,
            ["error"] = new JsonObject { ["code"] = code, ["message"] = message },
        });

    /// <summary>The completed task as JSON (also the callback body on completion).</summary>
    public static JsonObject CompletedTask(string taskId = TaskId, string outputUrl = OutputUrl, long costTime = 12000) => new()
    {
        ["id"] = taskId,
        ["status"] = "completed",
        ["model"] = "nano-banana-2-lite",
        ["output"] = new JsonObject
        {
            ["urls"] = new JsonArray(outputUrl),
            ["metadata"] = new JsonObject { ["model"] = "nano-banana-2-lite", ["costTime"] = costTime },
        },
    };

    /// <summary>200 to a credits query. Contract decision: the body is undocumented; the catalogue uses <c>{"credits": N}</c>.</summary>
    public static ApiStub Credits(decimal credits = 1000) => new(
        "getCredits 200", "getCredits", "GET", "/v1/credits", 200, Json(new JsonObject { ["credits"] = credits }));

    /// <summary>A documented error answered by an operation, with an optional Retry-After (seconds or HTTP date).</summary>
    public static ApiStub Error(string operationId, string code, string? retryAfter = null, string taskId = TaskId)
    {
        var error = ErrorsOf(operationId).SingleOrDefault(e => e.Code == code)
                    ?? throw new ArgumentException($"{operationId} does not document {code}", nameof(code));
        var (method, path) = Route(operationId, taskId);
        var body = new JsonObject
        {
            ["error"] = new JsonObject { ["code"] = error.Code, ["message"] = error.Message, ["type"] = error.Type },
        };
        var headers = retryAfter is null ? null : new Dictionary<string, string> { ["Retry-After"] = retryAfter };
        return new ApiStub($"{operationId} {error.Status} {error.Code}", operationId, method, path, error.Status, Json(body), headers);
    }

    /// <summary>404 model_not_found, answered only to creates that name <paramref name="model"/> (a stub with a body matcher).</summary>
    public static ApiStub ModelNotFoundFor(string model) =>
        Error("createTask", "model_not_found") with
        {
            Name = $"createTask 404 model_not_found for model={model}",
            RequestBodyMatch = new Dictionary<string, string> { ["model"] = model },
        };

    /// <summary>The HTTP method and path of an operation.</summary>
    public static (string Method, string Path) Route(string operationId, string taskId = TaskId) => operationId switch
    {
        "createTask" => ("POST", "/v1/images/generations"),
        "getTask" => ("GET", "/v1/tasks/" + taskId),
        "getCredits" => ("GET", "/v1/credits"),
        _ => throw new ArgumentOutOfRangeException(nameof(operationId), operationId, "unknown operation"),
    };

    /// <summary>Every stub of the catalogue, for the contract tests.</summary>
    public static IEnumerable<ApiStub> All()
    {
        yield return Created();
        yield return Pending();
        yield return Processing();
        yield return Processing(progress: 42.5);
        yield return Completed();
        yield return Failed();
        yield return Credits();
        yield return ModelNotFoundFor("nano-banana-pro");
        foreach (var operationId in new[] { "createTask", "getTask", "getCredits" })
        {
            foreach (var error in ErrorsOf(operationId))
            {
                yield return Error(operationId, error.Code, retryAfter: error.Status is 429 or 503 ? "2" : null);
            }
        }
    }

    private static ApiStub TaskStub(string status, JsonObject task) => new(
        $"getTask 200 {status}", "getTask", "GET", "/v1/tasks/" + task["id"]!.GetValue<string>(), 200, Json(task));

    private static JsonObject Task(string taskId, string status, long createdAt, double? progress) => new()
    {
        ["id"] = taskId,
        ["status"] = status,
        ["model"] = "nano-banana-2-lite",
        ["created_at"] = createdAt,
        ["progress"] = progress is null ? null : JsonValue.Create(progress.Value),
    };

    private static string Json(JsonNode node) => node.ToJsonString(new JsonSerializerOptions { WriteIndented = false });


}

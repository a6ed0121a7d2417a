using System.Globalization;
using System.Text;
using System.Text.Json;

namespace NanoBanana.Testing;

/// <summary>
/// A hostile API double on a real loopback socket that copies the request's <c>Authorization</c> header (and the
/// bare key after <c>Bearer </c>) into every text field it returns: task ids it creates say what the task will do
/// (<c>echo-done-N</c>, <c>echo-failed-N</c> for a prompt holding <c>[fail]</c>, <c>echo-unknown-N</c> for
/// <c>[unknown]</c>: a status that is the echo itself), tasks carry the echo in <c>model</c>, <c>error.code</c>,
/// <c>error.message</c>, the output URL and an extra field, credits in every string field, errors in their message.
/// Every echo starts with terminal escape sequences (a window title, a screen clear), which no output may pass on raw.
/// Outputs are served under <c>/files/</c> as PNG.
/// </summary>
public sealed class EchoingApi : IAsyncDisposable
{
    /// <summary>A 1x1 PNG.</summary>
    public static readonly byte[] Png = Convert.FromBase64String("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==");

    /// <summary>What every echo starts with: set the window title, clear the screen, a carriage return.</summary>
    public const string Escapes = "\u001b]0;pwned\u0007\u001b[2J\r";

    private readonly HostileServer _server;
    private int _next;

    public EchoingApi()
    {
        _server = new HostileServer(RespondAsync);
    }

    /// <summary>The API's base URL.</summary>
    public Uri Url => _server.Url;

    /// <summary>Every request received.</summary>
    public IReadOnlyList<HostileRequest> Requests => _server.Requests;

    /// <summary>How many requests asked for a path prefix.</summary>
    public int Received(string pathPrefix) => _server.Received(pathPrefix);

    private async Task RespondAsync(HostileRequest request, HostileConnection connection)
    {
        var auth = request.Authorization ?? string.Empty;
        var echo = Escapes + auth + " | " + (auth.StartsWith("Bearer ", StringComparison.Ordinal) ? auth["Bearer ".Length..] : auth);
        var path = request.Path.Split('?')[0];
        if (path.StartsWith("/files/", StringComparison.Ordinal))
        {
            await connection.WriteResponseAsync(200, Png, "image/png").ConfigureAwait(false);
            return;
        }

        (int Status, object Body) answer = (request.Method, path) switch
        {
            ("POST", "/v1/images/generations") => (200, new { code = 200, msg = echo, data = new { taskId = NewTaskId(request.Body) } }),
            ("GET", "/v1/credits") => (200, new { credits = 100, note = echo, data = new { note = echo } }),
            ("GET", _) when path.StartsWith("/v1/tasks/", StringComparison.Ordinal) => Task(path["/v1/tasks/".Length..], echo),
            _ => (404, Error("not_found", echo)),
        };
        var json = JsonSerializer.SerializeToUtf8Bytes(answer.Body, answer.Body.GetType(), ReflectionJson);
        await connection.WriteResponseAsync(answer.Status, json).ConfigureAwait(false);
    }

    // This fake's own bodies are anonymous objects, serialized by reflection (test runs have it off by default).
    private static readonly JsonSerializerOptions ReflectionJson = new() { TypeInfoResolver = new System.Text.Json.Serialization.Metadata.DefaultJsonTypeInfoResolver() };

    private string NewTaskId(string body)
    {
        var n = Interlocked.Increment(ref _next).ToString(CultureInfo.InvariantCulture);
        return body.Contains("[fail]", StringComparison.Ordinal) ? "echo-failed-" + n
            : body.Contains("[unknown]", StringComparison.Ordinal) ? "echo-unknown-" + n
            : "echo-done-" + n;
    }

    private (int, object) Task(string id, string echo)
    {
        var created = 1_782_950_400L;
        if (id.StartsWith("echo-failed-", StringComparison.Ordinal))
        {
            return (200, new Dictionary<string, object?>
            {
                ["id"] = id, ["status"] = "failed", ["model"] = echo, ["created_at"] = created, ["completed_at"] = created + 5,
                ["error"] = new { code = "upstream_error " + echo, message = echo }, ["note"] = echo,
            });
        }

        if (id.StartsWith("echo-unknown-", StringComparison.Ordinal))
        {
            return (200, new Dictionary<string, object?> { ["id"] = id, ["status"] = echo, ["model"] = echo, ["created_at"] = created, ["note"] = echo });
        }

        if (id.StartsWith("echo-done-", StringComparison.Ordinal))
        {
            return (200, new Dictionary<string, object?>
            {
                ["id"] = id, ["status"] = "completed", ["model"] = echo, ["created_at"] = created, ["completed_at"] = created + 5, ["progress"] = 100,
                ["output"] = new { urls = new[] { $"{Url}files/{id}.png?echo={Uri.EscapeDataString(echo)}" }, metadata = new { model = echo, costTime = 1000 } },
                ["note"] = echo,
            });
        }

        return (404, Error("task_not_found", echo));
    }

    private static object Error(string code, string echo) => new { error = new { code, message = "not found: " + echo, type = "invalid_request_error " + echo } };

    public ValueTask DisposeAsync() => _server.DisposeAsync();
}

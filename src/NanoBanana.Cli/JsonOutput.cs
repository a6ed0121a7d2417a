using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using NanoBanana.Client;

namespace NanoBanana.Cli;

/// <summary>
/// What <c>--json</c> prints: exactly one JSON object on stdout. A task as the API returns it (plus
/// <c>"files"</c>, the saved paths), credits as the API returns them, or <c>{"error": {...}}</c>.
/// </summary>
internal static class JsonOutput
{
    private static readonly JsonSerializerOptions Options = new()
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        WriteIndented = false,
    };

    /// <summary>The task in the API's shape, with <c>"files"</c> added when <paramref name="files"/> is given.</summary>
    public static JsonObject Task(GenerationTask task, IReadOnlyList<string>? files)
    {
        var node = JsonSerializer.SerializeToNode(task, Options)?.AsObject() ?? [];
        if (files is not null)
        {
            node["files"] = new JsonArray([.. files.Select(f => (JsonNode?)JsonValue.Create(f))]);
        }

        return node;
    }

    /// <summary>Any API model in the API's shape (credits, for example).</summary>
    public static JsonObject Model<T>(T model) => JsonSerializer.SerializeToNode(model, Options)?.AsObject() ?? [];

    /// <summary><c>{"error": {"code", "message", "type", "status"}}</c>; <c>status</c> is null without an HTTP response.</summary>
    public static JsonObject Error(CliError error) => new()
    {
        ["error"] = new JsonObject
        {
            ["code"] = error.Code,
            ["message"] = error.Message,
            ["type"] = error.Type,
            ["status"] = error.Status,
        },
    };

    /// <summary>Writes one object on one line, redacted and with every control character escaped (<see cref="TerminalText.Json"/>).</summary>
    public static void Write(TextWriter writer, JsonObject value, TerminalText text)
    {
        writer.WriteLine(text.Json(value.ToJsonString(Options)));
        writer.Flush();
    }
}

using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization.Metadata;
using NanoBanana.Client;

namespace NanoBanana.Cli;

/// <summary>
/// What <c>--json</c> prints: exactly one JSON object on stdout. A task as the API returns it (plus
/// <c>"files"</c>, the saved paths), credits as the API returns them, or <c>{"error": {...}}</c>.
/// </summary>
internal static class JsonOutput
{
    // The context's options plus the relaxed encoder (non-ASCII text stays readable; TerminalText.Json escapes
    // control characters afterwards). Source-generated: no reflection.
    private static readonly JsonTypeInfo<JsonObject> ObjectInfo = (JsonTypeInfo<JsonObject>)new JsonSerializerOptions(CliJsonContext.Default.Options)
    {
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    }.GetTypeInfo(typeof(JsonObject));

    /// <summary>The task in the API's shape, with <c>"files"</c> added when <paramref name="files"/> is given.</summary>
    public static JsonObject Task(GenerationTask task, IReadOnlyList<string>? files)
    {
        var node = JsonNode.Parse(TaskCallback.ToJson(task))?.AsObject() ?? [];
        if (files is not null)
        {
            node["files"] = new JsonArray([.. files.Select(f => (JsonNode?)JsonValue.Create(f))]);
        }

        return node;
    }

    /// <summary>The credits body as the API returned it (every field).</summary>
    public static JsonObject Credits(CreditsBalance credits)
    {
        // Each field as it came (no reflection-based serialization: the CLI runs with it off under Native AOT).
        var node = new JsonObject();
        foreach (var (name, value) in credits.AdditionalProperties) node[name] = JsonNode.Parse(value.GetRawText());
        return node;
    }

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

    /// <summary>One object on one line, redacted and with every control character escaped (<see cref="TerminalText.Json"/>).</summary>
    public static string Format(JsonObject value, TerminalText text) => text.Json(JsonSerializer.Serialize(value, ObjectInfo));

    /// <summary>Writes <see cref="Format"/>'s line and flushes.</summary>
    public static void Write(TextWriter writer, JsonObject value, TerminalText text)
    {
        writer.WriteLine(Format(value, text));
        writer.Flush();
    }
}

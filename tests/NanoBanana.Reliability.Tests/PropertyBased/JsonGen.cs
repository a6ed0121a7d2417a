using System.Text.Json.Nodes;
using CsCheck;

namespace NanoBanana.Reliability.Tests.PropertyBased;

/// <summary>CsCheck generators of arbitrary JSON and of almost-task objects (right field names, wrong values).</summary>
public static class JsonGen
{
    public const string Key = "sk-property-SECRET-42";

    private static readonly string[] InterestingStrings =
    [
        "", " ", "pending", "processing", "completed", "failed", "PENDING", "397ce9f2-c04e-4244-ac33-3af19a7cc297", "../../etc/passwd",
        "a/b", "\u0000", "\ud800", "é", new string('x', 200), "https://file.example/x.png", "not a url", Key, "Bearer " + Key, "{}", "null",
    ];

    public static Gen<string> Text { get; } = Gen.Frequency(
        (2, Gen.Int[0, InterestingStrings.Length - 1].Select(i => InterestingStrings[i])),
        (1, Gen.Char.Array[0, 12].Select(c => new string(c))));

    private static Gen<JsonNode?> Leaf { get; } = Gen.Frequency(
        (1, Gen.Bool.Select(_ => (JsonNode?)null)),
        (1, Gen.Bool.Select(b => (JsonNode?)JsonValue.Create(b))),
        (2, Gen.Long.Select(n => (JsonNode?)JsonValue.Create(n))),
        (1, Gen.Double[-1e6, 1e6].Select(d => (JsonNode?)JsonValue.Create(d))),
        (3, Text.Select(s => (JsonNode?)JsonValue.Create(s))));

    /// <summary>Any JSON value, nested up to <paramref name="depth"/>.</summary>
    public static Gen<JsonNode?> Node(int depth) => depth == 0
        ? Leaf
        : Gen.Frequency(
            (3, Leaf),
            (1, Node(depth - 1).Array[0, 4].Select(items => (JsonNode?)new JsonArray(items))),
            (2, Gen.Select(Text, Node(depth - 1)).Array[0, 5].Select(Object)));

    /// <summary>An object with a task's field names and arbitrary, often wrong, values.</summary>
    public static Gen<JsonNode?> TaskLike { get; } = Gen.Select(
        Field(Text.Select(s => (JsonNode?)JsonValue.Create(s))),
        Field(Gen.Int[0, 7].Select(i => (JsonNode?)(i switch { 0 => "pending", 1 => "processing", 2 => "completed", 3 => "failed", 4 => "done", 5 => 2, 6 => "", _ => null }))),
        Field(Gen.Int[0, 5].Select(i => (JsonNode?)(i switch { 0 => 50.5, 1 => -1, 2 => 1e300, 3 => "50", 4 => true, _ => null }))),
        Field(Gen.Int[0, 4].Select(i => (JsonNode?)(i switch { 0 => 1782950400L, 1 => -5, 2 => "yesterday", 3 => 1e20, _ => null }))),
        Field(Node(2)),
        Field(Node(2)),
        (id, status, progress, createdAt, output, error) => Object(
        [
            .. id.Present ? [("id", id.Value)] : Array.Empty<(string, JsonNode?)>(),
            .. status.Present ? [("status", status.Value)] : Array.Empty<(string, JsonNode?)>(),
            .. progress.Present ? [("progress", progress.Value)] : Array.Empty<(string, JsonNode?)>(),
            .. createdAt.Present ? [("created_at", createdAt.Value)] : Array.Empty<(string, JsonNode?)>(),
            .. output.Present ? [("output", output.Value)] : Array.Empty<(string, JsonNode?)>(),
            .. error.Present ? [("error", error.Value)] : Array.Empty<(string, JsonNode?)>(),
        ]));

    /// <summary>An object shaped like the API's error envelope, with arbitrary values.</summary>
    public static Gen<JsonNode?> EnvelopeLike { get; } = Gen.Select(Field(Text.Select(s => (JsonNode?)JsonValue.Create(s))), Field(Node(1)), Field(Node(1)),
        (code, message, type) => Object([("error", Object(
        [
            .. code.Present ? [("code", code.Value)] : Array.Empty<(string, JsonNode?)>(),
            .. message.Present ? [("message", message.Value)] : Array.Empty<(string, JsonNode?)>(),
            .. type.Present ? [("type", type.Value)] : Array.Empty<(string, JsonNode?)>(),
        ]))]));

    /// <summary>A body as text: arbitrary JSON, a task-like or envelope-like object, or arbitrary characters.</summary>
    public static Gen<string> Body { get; } = Gen.Frequency(
        (2, Node(3).Select(ToText)),
        (2, TaskLike.Select(ToText)),
        (3, EnvelopeLike.Select(ToText)),
        (1, Gen.Char.Array[0, 64].Select(c => new string(c))));

    public static string ToText(JsonNode? node) => node?.ToJsonString() ?? "null";

    private static Gen<(bool Present, JsonNode? Value)> Field(Gen<JsonNode?> value) => Gen.Select(Gen.Int[0, 4], value, (p, v) => (p > 0, v));

    private static JsonNode? Object((string Name, JsonNode? Value)[] fields)
    {
        var obj = new JsonObject();
        foreach (var (name, value) in fields) obj[name] = value;
        return obj;
    }
}

using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace NanoBanana.Cli;

/// <summary>
/// Source-generated metadata for what the CLI prints as JSON (<see cref="JsonOutput"/>): no reflection, so
/// <c>--json</c> works with reflection-based serialization turned off, as under Native AOT.
/// </summary>
[JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull, WriteIndented = false)]
[JsonSerializable(typeof(JsonObject))]
internal sealed partial class CliJsonContext : JsonSerializerContext;

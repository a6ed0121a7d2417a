using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Mvc;

namespace NanoBanana.AspNetCore;

/// <summary>The source-generated JSON metadata of what the callback endpoint writes (its problem details).</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(ProblemDetails))]
internal sealed partial class CallbackJsonContext : JsonSerializerContext;

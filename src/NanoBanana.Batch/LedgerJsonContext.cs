using System.Text.Json.Serialization;

namespace NanoBanana.Batch;

/// <summary>
/// The source-generated JSON metadata of the ledger's own JSON: each item's saved files. (Requests are stored as the
/// API's wire JSON, <see cref="NanoBanana.Client.GenerationRequest.ToWireJson"/>.)
/// </summary>
[JsonSerializable(typeof(string[]))]
[JsonSerializable(typeof(IReadOnlyList<string>))]
internal sealed partial class LedgerJsonContext : JsonSerializerContext;

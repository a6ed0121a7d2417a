using System.Text.Json.Serialization;
using NanoBanana.Client;

namespace NanoBanana.Batch;

/// <summary>
/// The source-generated JSON metadata of what the ledger stores as JSON: each item's request and its saved files.
/// The default options (null fields written), as the ledger has always stored them.
/// </summary>
[JsonSerializable(typeof(GenerationRequest))]
[JsonSerializable(typeof(string[]))]
[JsonSerializable(typeof(IReadOnlyList<string>))]
internal sealed partial class LedgerJsonContext : JsonSerializerContext;

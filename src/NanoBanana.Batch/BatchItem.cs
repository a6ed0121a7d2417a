using NanoBanana.Client;

namespace NanoBanana.Batch;

/// <summary>One generation of a batch: a key unique within the batch (it names the output files) and its request.</summary>
/// <param name="Key">Unique within the batch; output files are named after it.</param>
/// <param name="Request">The generation request.</param>
public sealed record BatchItem(string Key, GenerationRequest Request);

using NanoBanana.Client;

namespace NanoBanana.Batch;

/// <summary>One generation of a batch: a key unique within the batch (it names the output files) and its request.</summary>
public sealed class BatchItem
{
    /// <summary>Creates an item.</summary>
    /// <param name="key">Unique within the batch; output files are named after it.</param>
    /// <param name="request">The generation request.</param>
    public BatchItem(string key, GenerationRequest request)
    {
        ArgumentNullException.ThrowIfNull(key);
        ArgumentNullException.ThrowIfNull(request);
        Key = key;
        Request = request;
    }

    /// <summary>Unique within the batch; output files are named after it.</summary>
    public string Key { get; }

    /// <summary>The generation request.</summary>
    public GenerationRequest Request { get; }

    /// <inheritdoc />
    public override string ToString() => Key;
}

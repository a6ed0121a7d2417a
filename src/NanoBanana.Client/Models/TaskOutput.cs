namespace NanoBanana.Client;

/// <summary>The output of a completed task: its image URLs, and the model's metadata.</summary>
public sealed class TaskOutput
{
    internal TaskOutput(IReadOnlyList<Uri> urls, TaskOutputMetadata? metadata)
    {
        Urls = urls;
        Metadata = metadata;
    }

    /// <summary>The output image URLs, on another host than the API's: download them promptly.</summary>
    public IReadOnlyList<Uri> Urls { get; }

    /// <summary>The model's metadata (how long the generation took), when given.</summary>
    public TaskOutputMetadata? Metadata { get; }
}

namespace NanoBanana.Client;

/// <summary>An output image saved by <see cref="INanoBananaClient.DownloadToFileAsync"/>: where, how large, of what type.</summary>
public sealed class SavedOutput
{
    /// <summary>Describes a saved output (for fakes of <see cref="INanoBananaClient"/>).</summary>
    /// <param name="path">The file written.</param>
    /// <param name="length">Its size in bytes.</param>
    /// <param name="contentType">The image's media type, such as <c>image/png</c>.</param>
    public SavedOutput(string path, long length, string contentType)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        ArgumentException.ThrowIfNullOrEmpty(contentType);
        ArgumentOutOfRangeException.ThrowIfNegative(length);
        Path = path;
        Length = length;
        ContentType = contentType;
    }

    /// <summary>The full path of the file written: the requested path, its extension set by <see cref="ContentType"/>.</summary>
    public string Path { get; }

    /// <summary>The file's size in bytes.</summary>
    public long Length { get; }

    /// <summary>The image's media type as the output host declared it, such as <c>image/png</c>.</summary>
    public string ContentType { get; }

    /// <inheritdoc />
    public override string ToString() => $"{Path} ({ContentType}, {Length} bytes)";
}

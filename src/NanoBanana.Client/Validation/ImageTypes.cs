namespace NanoBanana.Client;

/// <summary>The image types a download accepts, and the file extension of each.</summary>
internal static class ImageTypes
{
    private static readonly Dictionary<string, string> Extensions = new(StringComparer.OrdinalIgnoreCase)
    {
        ["image/png"] = ".png",
        ["image/jpeg"] = ".jpg",
        ["image/webp"] = ".webp",
        ["image/gif"] = ".gif",
        ["image/avif"] = ".avif",
    };

    private static readonly Dictionary<string, string> Aliases = new(StringComparer.OrdinalIgnoreCase) { [".jpeg"] = ".jpg" };

    /// <summary>The accepted types, for messages.</summary>
    public static string Listed { get; } = string.Join(", ", Extensions.Keys);

    /// <summary>The extension of <paramref name="mediaType"/> (<c>.png</c>), or null when it is not an accepted image type.</summary>
    public static string? ExtensionOf(string? mediaType) => mediaType is not null && Extensions.TryGetValue(mediaType, out var extension) ? extension : null;

    /// <summary><paramref name="path"/> with the extension of <paramref name="mediaType"/> (kept when it already names that type, <c>.jpeg</c> for a JPEG say).</summary>
    public static string WithExtension(string path, string mediaType)
    {
        var wanted = ExtensionOf(mediaType)!;
        var current = Path.GetExtension(path);
        var normalized = Aliases.TryGetValue(current, out var alias) ? alias : current.ToLowerInvariant();
        return normalized == wanted ? path : Path.ChangeExtension(path, wanted);
    }
}

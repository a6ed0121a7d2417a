namespace NanoBanana.Client;

/// <summary>The input of a generation: the prompt, and the optional aspect ratio, resolution and images to edit.</summary>
public sealed class GenerationInput
{
    /// <summary>What to draw, or how to edit the images (1 to 20,000 characters).</summary>
    public required string Prompt { get; set; }

    /// <summary>The output's aspect ratio; null for the API's default (<see cref="AspectRatio.Auto"/>).</summary>
    public AspectRatio? AspectRatio { get; set; }

    /// <summary>Images to edit or take as reference (up to 10 http(s) URLs the API can fetch); null for text-to-image.</summary>
    public IList<Uri>? ImageUrls { get; set; }

    /// <summary>The output's resolution; null for the API's default (<see cref="ImageResolution.OneK"/>).</summary>
    public ImageResolution? Resolution { get; set; }
}

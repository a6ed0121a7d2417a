namespace NanoBanana.Client;

/// <summary>
/// The optional parts of a generation request, for the prompt-first overloads
/// (<see cref="NanoBananaClientExtensions.GenerateAsync(INanoBananaClient, string, GenerationOptions?, TimeSpan?, CancellationToken)"/>).
/// Every property left null is left out of the request (<see cref="GenerationRequest.FromPrompt(string, GenerationOptions?)"/>).
/// </summary>
public sealed class GenerationOptions
{
    /// <summary>The output's aspect ratio; null for the API's default.</summary>
    public AspectRatio? AspectRatio { get; set; }

    /// <summary>The output's resolution; null for the API's default.</summary>
    public ImageResolution? Resolution { get; set; }

    /// <summary>Images to edit (up to 10 URLs the API can fetch); null or empty for text-to-image.</summary>
    public IList<Uri>? ImageUrls { get; set; }

    /// <summary>Where the API posts the finished task (http or https); null for no callback.</summary>
    public Uri? CallbackUrl { get; set; }
}

namespace NanoBanana.Client;

// The request a prompt and its options make.
public sealed partial class GenerationRequest
{
    /// <summary>
    /// The request that <paramref name="prompt"/> and <paramref name="options"/> make, as the prompt-first overloads
    /// (<see cref="NanoBananaClientExtensions.StartGenerationAsync(INanoBananaClient, string, GenerationOptions?, CancellationToken)"/>) send it:
    /// the model is <see cref="ImageModel.NanoBanana2Lite"/>, and every option left null is left out.
    /// Nothing is checked here; call <see cref="Validate"/> to check the contract's limits.
    /// </summary>
    /// <param name="prompt">What to draw (or how to edit the images).</param>
    /// <param name="options">Aspect ratio, resolution, image URLs and callback URL; null for none.</param>
    /// <returns>A new request.</returns>
    public static GenerationRequest FromPrompt(string prompt, GenerationOptions? options = null) => new()
    {
        Model = ImageModel.NanoBanana2Lite,
        CallbackUrl = options?.CallbackUrl,
        Input = new GenerationInput
        {
            Prompt = prompt,
            AspectRatio = options?.AspectRatio,
            Resolution = options?.Resolution,
            ImageUrls = options?.ImageUrls is { Count: > 0 } urls ? [.. urls] : null,
        },
    };
}

namespace NanoBanana.Client;

// The request a prompt and its options make, and the request in the API's JSON.
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

    /// <summary>The request as the API's JSON body (what a create sends), for storing it (a queue, a ledger).</summary>
    /// <returns>One JSON object.</returns>
    public string ToJson() => Wire.WireMapping.ToJson(this);

    /// <summary>Reads a request from the API's JSON body (as <see cref="ToJson"/> writes it). Nothing is checked; see <see cref="Validate"/>.</summary>
    /// <param name="json">One JSON object.</param>
    /// <returns>The request.</returns>
    /// <exception cref="System.Text.Json.JsonException">The text is not a request.</exception>
    public static GenerationRequest FromJson(string json)
    {
        ArgumentNullException.ThrowIfNull(json);
        return Wire.WireMapping.RequestFromJson(json);
    }
}

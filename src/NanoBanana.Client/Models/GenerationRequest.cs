namespace NanoBanana.Client;

/// <summary>
/// A generation request (<c>POST /v1/images/generations</c>): the model, the input, and where the API posts the
/// finished task. <see cref="FromPrompt(string, GenerationOptions?)"/> makes one from a prompt.
/// </summary>
public sealed partial class GenerationRequest
{
    /// <summary>The model; <see cref="ImageModel.NanoBanana2Lite"/> unless set.</summary>
    public ImageModel Model { get; set; } = ImageModel.NanoBanana2Lite;

    /// <summary>What to generate: the prompt, and optionally the aspect ratio, resolution and images to edit.</summary>
    public required GenerationInput Input { get; set; }

    /// <summary>Where the API posts the finished task (https, or http on a loopback host); null for no callback.</summary>
    public Uri? CallbackUrl { get; set; }
}

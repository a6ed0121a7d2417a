using NanoBanana.Client;

namespace NanoBanana.Client.Tests;

/// <summary>Generation requests for tests.</summary>
public static class Requests
{
    public static GenerationRequest Valid(string prompt = "A polished comic-style launch scene") => new()
    {
        Model = ImageModel.NanoBanana2Lite,
        Input = new GenerationInput { Prompt = prompt, AspectRatio = AspectRatio.Landscape16x9 },
    };
}

using NanoBanana.Client;

namespace NanoBanana.Testing;

/// <summary>Generation requests for tests: one valid request, the prompt varied where a test needs it.</summary>
public static class Requests
{
    public static GenerationRequest Valid(string prompt = "A polished comic-style launch scene") => new()
    {
        Model = ImageModel.NanoBanana2Lite,
        Input = new GenerationInput { Prompt = prompt, AspectRatio = AspectRatio.Landscape16x9 },
    };
}

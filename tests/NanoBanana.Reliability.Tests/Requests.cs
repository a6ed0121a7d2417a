using NanoBanana.Client;

namespace NanoBanana.Reliability.Tests;

/// <summary>Generation requests for tests.</summary>
public static class Requests
{
    public static GenerationRequest Valid(string prompt = "A lighthouse in a storm, oil painting") => new()
    {
        Model = ImageModel.NanoBanana2Lite,
        Input = new GenerationInput { Prompt = prompt, AspectRatio = AspectRatio.Landscape16x9 },
    };
}

using System.Text.Json;
using CsCheck;
using NanoBanana.Client;
using NanoBananaTransport = NanoBanana.Client.Wire.NanoBananaTransport;
using NJsonSchema;

namespace NanoBanana.Reliability.Tests.PropertyBased;

/// <summary>
/// The client's request validation agrees with the spec's <c>GenerationRequest</c> schema on generated requests:
/// valid ones pass both, invalid ones fail both. Two rules are deliberately stricter in the client (tested apart):
/// a blank prompt and an http (not https) callback URL on a host other than loopback; an http callback URL on a
/// loopback host passes both (a local receiver in tests and development).
/// </summary>
public sealed class ValidationAgreementProperties
{
    private static readonly Lazy<JsonSchema> Schema = new(() =>
    {
        var path = Path.Combine(FaultMatrix.ReliabilityDocTests.RepoRoot, "openapi", "v1", "nano-banana-2-lite.yaml");
        var document = NSwag.OpenApiYamlDocument.FromFileAsync(path).GetAwaiter().GetResult();
        return document.Components.Schemas["GenerationRequest"].ActualSchema;
    });

    private static readonly AspectRatio[] KnownRatios = [.. ApiNames.All<AspectRatio>().Select(n => new AspectRatio(n))];

    private static readonly Uri[] Urls =
    [
        new("https://images.example/a.png"), new("http://images.example/b.jpg"), new("ftp://images.example/c.png"),
        new("img.png", UriKind.Relative), new("https://images.example/é ü.webp"), new("file:///etc/passwd"),
    ];

    private static readonly Gen<string> Prompt = Gen.Frequency(
        (6, Gen.Int[33, 0x2FFF].Select(i => (char)i).Array[1, 80].Select(c => new string(c))),
        (1, Gen.Bool.Select(_ => "")),
        (2, Gen.Int[19_995, 20_005].Select(n => new string('p', n))));

    private static readonly Gen<GenerationRequest> Request = Gen.Select(
        Gen.Int[0, 9].Select(i => i == 0 ? new ImageModel("nano-banana-9") : ImageModel.NanoBanana2Lite),
        Prompt,
        Gen.Int[-2, KnownRatios.Length - 1].Select(i => i == -2 ? (AspectRatio?)null : i == -1 ? new AspectRatio("7:3") : KnownRatios[i]),
        Gen.Int[0, 3].Select(i => i switch { 0 => (ImageResolution?)null, 1 or 2 => ImageResolution.OneK, _ => new ImageResolution("2K") }),
        Gen.Frequency((2, Gen.Bool.Select(_ => (Uri[]?)null)), (3, Gen.Int[0, Urls.Length - 1].Select(i => Urls[i]).Array[0, 12].Select(a => (Uri[]?)a))),
        Gen.Int[0, 3].Select(i => i switch { 0 or 1 => null, 2 => new Uri("https://hooks.example/nano"), _ => new Uri("hook", UriKind.Relative) }),
        (model, prompt, ratio, resolution, urls, callback) => new GenerationRequest
        {
            Model = model,
            CallbackUrl = callback,
            Input = new GenerationInput { Prompt = prompt, AspectRatio = ratio, Resolution = resolution, ImageUrls = urls?.ToList() },
        });

    [Fact]
    public void Client_validation_agrees_with_the_spec_schema_on_generated_requests() =>
        Request.Sample(request =>
        {
            var clientAccepts = ClientAccepts(request);
            var errors = SchemaErrors(request);
            Assert.True(clientAccepts == (errors.Count == 0),
                $"client {(clientAccepts ? "accepts" : "rejects")}, schema {(errors.Count == 0 ? "accepts" : "rejects: " + string.Join("; ", errors))}: {Wire(request)[..Math.Min(300, Wire(request).Length)]}");
        }, iter: 2000, print: r => Wire(r)[..Math.Min(300, Wire(r).Length)]);

    [Theory]
    [InlineData("   ", null)]
    [InlineData("a prompt", "http://hooks.example/nano")]
    public void The_client_is_deliberately_stricter_on_a_blank_prompt_and_an_http_callback(string prompt, string? callback)
    {
        var request = new GenerationRequest
        {
            Model = ImageModel.NanoBanana2Lite,
            Input = new GenerationInput { Prompt = prompt },
            CallbackUrl = callback is null ? null : new Uri(callback),
        };

        Assert.Empty(SchemaErrors(request));
        Assert.False(ClientAccepts(request));
    }

    [Theory]
    [InlineData("http://127.0.0.1:5000/hooks/nano")]
    [InlineData("http://localhost/hooks/nano")]
    public void An_http_callback_on_a_loopback_host_passes_both(string callback)
    {
        var request = new GenerationRequest
        {
            Model = ImageModel.NanoBanana2Lite,
            Input = new GenerationInput { Prompt = "a prompt" },
            CallbackUrl = new Uri(callback),
        };

        Assert.Empty(SchemaErrors(request));
        Assert.True(ClientAccepts(request));
    }

    private static bool ClientAccepts(GenerationRequest request)
    {
        try
        {
            // The opt-in pre-flight (GenerationRequest.Validate): limits and values this version knows, as the schema's enums.
            GenerationRequestValidator.Validate(request, knownValuesOnly: true);
            return true;
        }
        catch (GenerationRequestValidationException)
        {
            return false;
        }
    }

    private static List<string> SchemaErrors(GenerationRequest request) =>
        Schema.Value.Validate(Wire(request)).Select(e => e.ToString()).ToList();

    private static string Wire(GenerationRequest request) => request.ToWireJson();
}

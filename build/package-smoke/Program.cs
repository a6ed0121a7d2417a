// A user's first program against the packed NanoBanana.Client: it only uses the public API.
using System.Reflection;
using System.Text.Json;
using NanoBanana.Client;

var expectedVersion = args.Length > 0 ? args[0] : throw new ArgumentException("usage: PackageSmoke <expected package version>");
var failures = new List<string>();

var assembly = typeof(GenerationRequest).Assembly;
var informational = assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "";
Console.WriteLine($"NanoBanana.Client {informational}");
if (informational.Split('+')[0] != expectedVersion)
{
    failures.Add($"the installed NanoBanana.Client is {informational}, expected {expectedVersion} (a stale package?)");
}

var request = new GenerationRequest
{
    Model = ImageModel.NanoBanana2Lite,
    Input = new GenerationInput { Prompt = "a banana on the moon", AspectRatio = AspectRatio.Landscape16x9 },
};
var json = JsonSerializer.Serialize(request);
Console.WriteLine(json);
foreach (var expected in new[] { "\"model\":\"nano-banana-2-lite\"", "\"prompt\":\"a banana on the moon\"", "\"aspect_ratio\":\"16:9\"" })
{
    if (!json.Contains(expected, StringComparison.Ordinal))
    {
        failures.Add($"serialized GenerationRequest lacks {expected}");
    }
}

var back = JsonSerializer.Deserialize<GenerationRequest>(json);
if (back?.Input.AspectRatio != AspectRatio.Landscape16x9 || back.Input.Prompt != request.Input.Prompt)
{
    failures.Add("GenerationRequest does not round-trip through JSON");
}

// TODO(lead, once NanoBanana.Simulator and the facade land): run a generate against the
// NanoBanana.Simulator package: start the simulator, point a NanoBananaClient at it, generate one
// image and check the task completes (add the NanoBanana.Simulator PackageReference to the template).

foreach (var failure in failures)
{
    Console.Error.WriteLine($"package smoke: {failure}");
}
return failures.Count == 0 ? 0 : 1;

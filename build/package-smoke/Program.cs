// A user's first program against the packed packages: it only uses the public API. It checks the installed
// versions, the wire format, and generates one image end to end on the NanoBanana.Simulator package.
using System.Reflection;
using System.Text.Json;
using NanoBanana.AspNetCore;
using NanoBanana.Client;
using NanoBanana.Simulator;

var expectedVersion = args.Length > 0 ? args[0] : throw new ArgumentException("usage: PackageSmoke <expected package version>");
var failures = new List<string>();

// NanoBanana.AspNetCore is only built against here (a callback needs a public URL): its types must load.
foreach (var assembly in new[] { typeof(GenerationRequest).Assembly, typeof(NanoBananaSimulator).Assembly, typeof(NanoBananaCallbackOptions).Assembly, typeof(NanoBanana.Kiota.NanoBananaKiotaClient).Assembly })
{
    var name = assembly.GetName().Name;
    var informational = assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "";
    Console.WriteLine($"{name} {informational}");
    if (informational.Split('+')[0] != expectedVersion)
    {
        failures.Add($"the installed {name} is {informational}, expected {expectedVersion} (a stale package?)");
    }
}

var request = new GenerationRequest
{
    Model = ImageModel.NanoBanana2Lite,
    Input = new GenerationInput { Prompt = "a banana on the moon", AspectRatio = AspectRatio.Landscape16x9 },
};
var json = request.ToWireJson(); // the API's JSON body (the public models carry no serializer attributes)
Console.WriteLine(json);
foreach (var expected in new[] { "\"model\":\"nano-banana-2-lite\"", "\"prompt\":\"a banana on the moon\"", "\"aspect_ratio\":\"16:9\"" })
{
    if (!json.Contains(expected, StringComparison.Ordinal))
    {
        failures.Add($"serialized GenerationRequest lacks {expected}");
    }
}

var back = GenerationRequest.FromWireJson(json);
if (back?.Input.AspectRatio != AspectRatio.Landscape16x9 || back.Input.Prompt != request.Input.Prompt)
{
    failures.Add("GenerationRequest does not round-trip through JSON");
}

// A real generate: the simulator package plays the API; the client package starts the generation (the easy
// call), resumes its operation from the task id as another process would, waits for it and downloads the image
// from the simulator's file host.
try
{
    await using var simulator = NanoBananaSimulator.Start(new SimulatorOptions { TaskDuration = TimeSpan.FromMilliseconds(300) });
    using var client = new NanoBananaClient(new NanoBananaClientOptions { ApiKey = NanoBananaSimulator.ApiKey, BaseUrl = simulator.Url });
    using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
    request.Validate();
    var started = await client.StartGenerationAsync("a banana on the moon", new GenerationOptions { AspectRatio = AspectRatio.Landscape16x9 }, timeout.Token);
    var result = await client.ResumeGeneration(started.TaskId).WaitForCompletionAsync(TimeSpan.FromSeconds(30), timeout.Token);
    var task = result.Task;
    if (result.TaskId != started.TaskId) failures.Add($"the resumed operation finished task {result.TaskId}, not {started.TaskId}");
    var url = result.OutputUrls[0];
    using var image = new MemoryStream();
    var bytes = await client.DownloadAsync(url, image, timeout.Token);
    byte[] pngSignature = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A];
    Console.WriteLine($"generated task {task.Id} ({task.Status}) on the simulator; downloaded {bytes} bytes from {url.Host}:{url.Port}");
    if (task.Status != GenerationTaskStatus.Completed) failures.Add($"the generated task is {task.Status}, expected Completed");
    if (bytes < pngSignature.Length || !image.ToArray().AsSpan(0, pngSignature.Length).SequenceEqual(pngSignature))
    {
        failures.Add($"the downloaded output ({bytes} bytes) is not a PNG");
    }
}
catch (Exception ex)
{
    failures.Add($"generate on the simulator failed: {ex.GetType().Name}: {ex.Message}");
}

// The Kiota client package: one create and one read on the simulator (KiotaSmoke.cs).
failures.AddRange(await KiotaSmoke.RunAsync());

foreach (var failure in failures)
{
    Console.Error.WriteLine($"package smoke: {failure}");
}
return failures.Count == 0 ? 0 : 1;

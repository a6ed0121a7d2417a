// A service published with Native AOT: it reads its credits, creates a generation whose callback comes back to its
// own endpoint (MapNanoBananaCallback), polls the task, downloads the image and waits for the confirmed callback.
// Point it at `nanobanana mock`:
//   NanoBanana__BaseUrl=http://127.0.0.1:PORT/ NanoBanana__ApiKey=sk-... ./NanoBanana.AotSample
// `--ready` only starts the host and the client and exits (start-up time). The last line on stdout is a JSON summary.
using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Serialization;
using NanoBanana.AspNetCore;
using NanoBanana.Client;

var started = Stopwatch.StartNew();
var builder = WebApplication.CreateSlimBuilder(args);
builder.WebHost.UseUrls("http://127.0.0.1:0");
builder.Logging.SetMinimumLevel(LogLevel.Warning);
builder.Services.AddNanoBananaClient(builder.Configuration);

var callbacks = new TaskCompletionSource<GenerationTask>(TaskCreationOptions.RunContinuationsAsynchronously);
var secret = Convert.ToHexString(System.Security.Cryptography.RandomNumberGenerator.GetBytes(16));
var app = builder.Build();
app.MapNanoBananaCallback("/hooks/nano-banana", (task, _) =>
{
    callbacks.TrySetResult(task);
    return Task.CompletedTask;
}, options => options.Secret = secret);

await app.StartAsync();
var client = app.Services.GetRequiredService<INanoBananaClient>();
var receiver = new Uri(app.Urls.First());
if (args.Contains("--ready"))
{
    Console.WriteLine(JsonSerializer.Serialize(new Summary { Ready = true, StartupMs = started.ElapsedMilliseconds }, SampleJson.Default.Summary));
    await app.StopAsync();
    return 0;
}

using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
var summary = new Summary { StartupMs = started.ElapsedMilliseconds };
try
{
    summary.CreditsBefore = (await client.GetCreditsAsync(timeout.Token)).Credits;
    var operation = await client.StartGenerationAsync("a ripe banana, published ahead of time", new GenerationOptions
    {
        AspectRatio = AspectRatio.Landscape16x9,
        CallbackUrl = new Uri(receiver, "/hooks/nano-banana?secret=" + secret),
    }, timeout.Token);
    summary.TaskId = operation.TaskId;

    // Poll by hand (the operation's own wait would do the same with its schedule).
    var task = await client.GetTaskAsync(operation.TaskId, timeout.Token);
    while (task.Status != GenerationTaskStatus.Completed && task.Status != GenerationTaskStatus.Failed)
    {
        summary.Polls++;
        await Task.Delay(TimeSpan.FromMilliseconds(200), timeout.Token);
        task = await client.GetTaskAsync(operation.TaskId, timeout.Token);
    }

    summary.Status = task.Status.ToString();
    if (task.Status != GenerationTaskStatus.Completed) throw new InvalidOperationException($"task {task.Id} {task.Status}: {task.Error?.Message}");

    var file = Path.Combine(Path.GetTempPath(), $"aot-sample-{task.Id}.png");
    var saved = await client.DownloadToFileAsync(task.Output!.Urls[0], file, timeout.Token);
    summary.DownloadedBytes = saved.Length;
    File.Delete(saved.Path);

    var confirmed = await callbacks.Task.WaitAsync(timeout.Token);
    summary.CallbackStatus = confirmed.Status.ToString();
    summary.CreditsAfter = (await client.GetCreditsAsync(timeout.Token)).Credits;
    summary.Ok = confirmed.Id == task.Id && summary.DownloadedBytes > 0;
}
catch (Exception e) when (e is NanoBananaException or OperationCanceledException or InvalidOperationException or IOException)
{
    summary.Error = e.GetType().Name + ": " + e.Message;
}

Console.WriteLine(JsonSerializer.Serialize(summary, SampleJson.Default.Summary));
await app.StopAsync();
return summary.Ok ? 0 : 1;

/// <summary>What the run did.</summary>
internal sealed class Summary
{
    public bool Ok { get; set; }
    public bool Ready { get; set; }
    public long StartupMs { get; set; }
    public decimal? CreditsBefore { get; set; }
    public decimal? CreditsAfter { get; set; }
    public string? TaskId { get; set; }
    public int Polls { get; set; }
    public string? Status { get; set; }
    public long DownloadedBytes { get; set; }
    public string? CallbackStatus { get; set; }
    public string? Error { get; set; }
}

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(Summary))]
internal sealed partial class SampleJson : JsonSerializerContext;

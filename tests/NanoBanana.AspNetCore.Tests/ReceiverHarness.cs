using System.Collections.Concurrent;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using NanoBanana.Client;
using NanoBanana.Simulator;

namespace NanoBanana.AspNetCore.Tests;

/// <summary>
/// The simulator playing the API, and an application (TestServer) that registers the client against it and maps
/// <c>MapNanoBananaCallback("/hooks/nano-banana", ...)</c>. Every task the handler receives is recorded.
/// </summary>
public sealed class ReceiverHarness : IAsyncDisposable
{
    public const string Path = "/hooks/nano-banana";

    private ReceiverHarness(NanoBananaSimulator simulator, WebApplication app, FakeLogCollector logs)
    {
        Simulator = simulator;
        App = app;
        Logs = logs;
        Http = app.GetTestClient();
    }

    public NanoBananaSimulator Simulator { get; }

    public WebApplication App { get; }

    public HttpClient Http { get; }

    public FakeLogCollector Logs { get; }

    public ConcurrentQueue<GenerationTask> Handled { get; } = new();

    /// <summary>Task reads the simulator received, answered or faulted (the API calls the endpoint caused).</summary>
    public int TaskReads => Simulator.Requests.Count(r => r.Operation == SimulatorOperation.GetTask);

    public INanoBananaClient Client => App.Services.GetRequiredService<INanoBananaClient>();

    /// <summary>What the handler does after recording the task (nothing by default).</summary>
    public Func<GenerationTask, Task>? OnHandle { get; set; }

    /// <summary>Starts the harness; without <paramref name="configure"/>, the endpoint accepts deliveries without a secret.</summary>
    public static async Task<ReceiverHarness> StartAsync(
        Action<NanoBananaCallbackOptions>? configure = null,
        SimulatorOptions? simulatorOptions = null,
        Action<IServiceCollection>? services = null)
    {
        var simulator = NanoBananaSimulator.Start(simulatorOptions ?? new SimulatorOptions { TaskDuration = TimeSpan.Zero });
        var logs = new FakeLogCollector();
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseTestServer();
        builder.Logging.ClearProviders().SetMinimumLevel(LogLevel.Trace).AddProvider(new FakeLoggerProvider(logs));
        builder.Services.AddNanoBananaClient(o =>
        {
            o.ApiKey = NanoBananaSimulator.ApiKey;
            o.BaseUrl = simulator.Url;
        });
        services?.Invoke(builder.Services);
        var app = builder.Build();
        ReceiverHarness? harness = null;
        app.MapNanoBananaCallback(Path, async (task, context) =>
        {
            harness!.Handled.Enqueue(task);
            if (harness.OnHandle is { } onHandle) await onHandle(task);
        }, configure ?? (o => o.AllowUnauthenticatedCallbacks = true));
        await app.StartAsync();
        harness = new ReceiverHarness(simulator, app, logs);
        return harness;
    }

    /// <summary>Creates a task through the client (no callback_url: the tests deliver the callbacks).</summary>
    public async Task<string> CreateTaskAsync(string prompt = "a banana on the moon") =>
        (await Client.StartGenerationAsync(prompt)).TaskId;

    /// <summary>Posts a callback body to the endpoint, as the API would.</summary>
    public async Task<HttpResponseMessage> DeliverAsync(string body, string query = "")
    {
        using var content = new StringContent(body, Encoding.UTF8, "application/json");
        return await Http.PostAsync(Path + query, content);
    }

    public static string Body(string taskId, string status = "completed") =>
        $$"""{"id":"{{taskId}}","status":"{{status}}","model":"nano-banana-2-lite"}""";

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await App.StopAsync();
        await App.DisposeAsync();
        await Simulator.DisposeAsync();
    }
}

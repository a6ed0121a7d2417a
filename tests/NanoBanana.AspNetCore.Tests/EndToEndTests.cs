using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using NanoBanana.Client;
using NanoBanana.Simulator;

namespace NanoBanana.AspNetCore.Tests;

/// <summary>
/// The whole path on real sockets: a task created through the client with an http loopback callback_url, the simulator's real POST
/// to a Kestrel listener on 127.0.0.1 hosting MapNanoBananaCallback, the confirmation read, the handler.
/// </summary>
public sealed class EndToEndTests
{
    private const string Secret = "e2e-4Jq9xV0sLm2Tz7Yb5Nw8Rk1Hc6Gd3Fa";

    [Fact]
    public async Task A_task_created_with_a_callback_url_reaches_the_handler_once_confirmed()
    {
        await using var simulator = NanoBananaSimulator.Start(new SimulatorOptions { Host = "127.0.0.1", TaskDuration = TimeSpan.Zero });
        var handled = new ConcurrentQueue<GenerationTask>();
        var first = new TaskCompletionSource<GenerationTask>(TaskCreationOptions.RunContinuationsAsynchronously);

        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseKestrel().UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        builder.Services.AddNanoBananaClient(o =>
        {
            o.ApiKey = NanoBananaSimulator.ApiKey;
            o.BaseUrl = simulator.Url;
        });
        await using var app = builder.Build();
        app.MapNanoBananaCallback("/hooks/nano-banana", (task, _) =>
        {
            handled.Enqueue(task);
            first.TrySetResult(task);
            return Task.CompletedTask;
        }, o => o.Secret = Secret);
        await app.StartAsync();
        var listener = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single());
        var client = app.Services.GetRequiredService<INanoBananaClient>();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));

        var operation = await client.StartGenerationAsync(new GenerationRequest
        {
            Model = ImageModel.NanoBanana2Lite,
            Input = new GenerationInput { Prompt = "a banana on the moon", AspectRatio = AspectRatio.Square },
            CallbackUrl = new Uri($"http://127.0.0.1:{listener.Port}/hooks/nano-banana?secret={Secret}"),
        }, timeout.Token);
        var task = await first.Task.WaitAsync(timeout.Token);
        await simulator.WaitForCallbacksAsync(1, timeout.Token);

        Assert.Equal(operation.TaskId, task.Id);
        Assert.Equal(GenerationTaskStatus.Completed, task.Status);
        Assert.Single(task.Output!.Urls);
        var delivery = Assert.Single(simulator.Callbacks);
        Assert.Equal(new Uri($"http://127.0.0.1:{listener.Port}/hooks/nano-banana?secret={Secret}"), delivery.Url);
        Assert.Equal(200, delivery.ResponseStatus);
        Assert.Single(handled);
        Assert.Equal(1, simulator.TaskQueriesReceived); // the one confirmation read

        await app.StopAsync(timeout.Token);
    }

    [Fact]
    public async Task A_callback_endpoint_confirms_with_the_keyed_client_its_options_name()
    {
        await using var simulator = NanoBananaSimulator.Start(new SimulatorOptions { Host = "127.0.0.1", TaskDuration = TimeSpan.Zero });
        var first = new TaskCompletionSource<GenerationTask>(TaskCreationOptions.RunContinuationsAsynchronously);
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseKestrel().UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        builder.Services.AddNanoBananaClient("batch", o =>
        {
            o.ApiKey = NanoBananaSimulator.ApiKey;
            o.BaseUrl = simulator.Url;
        });
        await using var app = builder.Build();
        Assert.Throws<InvalidOperationException>(() => app.MapNanoBananaCallback("/hooks/other", (_, _) => Task.CompletedTask, o =>
        {
            o.Secret = Secret;
            o.ClientName = "interactive";
        }));
        app.MapNanoBananaCallback("/hooks/batch", (task, _) =>
        {
            first.TrySetResult(task);
            return Task.CompletedTask;
        }, o =>
        {
            o.Secret = Secret;
            o.ClientName = "batch";
        });
        await app.StartAsync();
        var listener = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single());
        var client = app.Services.GetRequiredKeyedService<INanoBananaClient>("batch");
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));

        var operation = await client.StartGenerationAsync(new GenerationRequest
        {
            Input = new GenerationInput { Prompt = "a banana on the moon" },
            CallbackUrl = new Uri($"http://127.0.0.1:{listener.Port}/hooks/batch?secret={Secret}"),
        }, timeout.Token);
        var task = await first.Task.WaitAsync(timeout.Token);

        Assert.Equal(operation.TaskId, task.Id);
        Assert.Equal(GenerationTaskStatus.Completed, task.Status);
        await app.StopAsync(timeout.Token);
    }
}

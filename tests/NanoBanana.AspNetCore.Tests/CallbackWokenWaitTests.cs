using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;
using NanoBanana.Client;
using NanoBanana.Simulator;
using NanoBanana.Testing;

namespace NanoBanana.AspNetCore.Tests;

/// <summary>
/// Waits that a callback ends, in one process: the client knows its public callback URL, creates carry it, the
/// simulator POSTs the finished task to a Kestrel listener (real sockets), and the endpoint's confirmation ends every
/// wait on the task at once; polling is only the safety net. The simulator and the client share one fake clock.
/// </summary>
public sealed class CallbackWokenWaitTests
{
    private static readonly TimeSpan TaskDuration = TimeSpan.FromSeconds(12);
    private static readonly TimeSpan Fallback = TimeSpan.FromSeconds(60);
    private const string Secret = "woken-Qm4x8Zr2Lp6Vt0Kc3Nw7Hb1Jd5Fs9Gy";

    [Fact]
    public async Task A_confirmed_callback_ends_every_wait_on_the_task_at_once()
    {
        await using var service = await Service.StartAsync(new SimulatorOptions { Host = "127.0.0.1", TaskDuration = TaskDuration });
        var operation = await service.Client.StartGenerationAsync("a banana on the moon");
        var second = service.Client.ResumeGeneration(operation.TaskId);
        var started = service.Time.GetUtcNow();

        var waits = Task.WhenAll(operation.WaitForCompletionAsync(), second.WaitForCompletionAsync());
        await FakeClock.DriveAsync(waits, service.Time);
        var results = await waits;

        Assert.All(results, r => Assert.Equal(operation.TaskId, r.Task.Id));
        // The callback arrived when the task finished; both waits ended then, long before the safety poll.
        Assert.InRange(service.Time.GetUtcNow() - started, TaskDuration, Fallback - TimeSpan.FromSeconds(10));
        // Two reads: the resumed operation's first (it does not know the task's age, so it looks once at once) and
        // the endpoint's confirmation. Neither wait polled after that.
        Assert.Equal(2, service.Simulator.TaskQueriesReceived);
        var create = JsonNode.Parse(service.Simulator.Requests.First(r => r.Operation == SimulatorOperation.CreateTask).Body!)!;
        Assert.Equal(service.CallbackUrl.AbsoluteUri, (string)create["callback_url"]!);
        // The waits end on the confirmation, before the endpoint has answered the delivery: wait for its answer.
        using var answered = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        await service.Simulator.WaitForCallbacksAsync(1, answered.Token);
        Assert.Equal(200, Assert.Single(service.Simulator.Callbacks).ResponseStatus);
    }

    [Fact]
    public async Task A_wait_that_begins_after_the_callback_ends_at_once()
    {
        await using var service = await Service.StartAsync(new SimulatorOptions { Host = "127.0.0.1", TaskDuration = TimeSpan.Zero });
        var operation = await service.Client.StartGenerationAsync("a banana on the moon");
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        await service.Simulator.WaitForCallbacksAsync(1, timeout.Token);

        var result = await service.Client.ResumeGeneration(operation.TaskId).WaitForCompletionAsync(cancellationToken: timeout.Token);

        Assert.Equal(operation.TaskId, result.Task.Id);
        Assert.Equal(1, service.Simulator.TaskQueriesReceived);
    }

    [Fact]
    public async Task A_lost_callback_is_caught_by_the_safety_poll()
    {
        await using var service = await Service.StartAsync(new SimulatorOptions { Host = "127.0.0.1", TaskDuration = TaskDuration, CallbackLossRate = 1 });
        var operation = await service.Client.StartGenerationAsync("a banana on the moon");
        var started = service.Time.GetUtcNow();

        var wait = operation.WaitForCompletionAsync();
        await FakeClock.DriveAsync(wait, service.Time, step: TimeSpan.FromSeconds(1));
        var result = await wait;

        Assert.Equal(operation.TaskId, result.Task.Id);
        Assert.InRange(service.Time.GetUtcNow() - started, Fallback, Fallback + TimeSpan.FromSeconds(5));
        Assert.Equal(1, service.Simulator.TaskQueriesReceived); // the safety poll, nothing before it
        Assert.Null(Assert.Single(service.Simulator.Callbacks).ResponseStatus);
    }

    [Fact]
    public async Task A_callback_sent_late_still_ends_the_wait_when_it_arrives()
    {
        var delay = TimeSpan.FromSeconds(20);
        await using var service = await Service.StartAsync(new SimulatorOptions { Host = "127.0.0.1", TaskDuration = TaskDuration, CallbackDelay = delay });
        var operation = await service.Client.StartGenerationAsync("a banana on the moon");
        var started = service.Time.GetUtcNow();

        var wait = operation.WaitForCompletionAsync();
        await FakeClock.DriveAsync(wait, service.Time);
        await wait;

        Assert.InRange(service.Time.GetUtcNow() - started, TaskDuration + delay, Fallback - TimeSpan.FromSeconds(10));
        Assert.Equal(1, service.Simulator.TaskQueriesReceived);
    }

    [Fact]
    public async Task A_request_with_its_own_callback_url_keeps_it_and_is_polled_on_the_usual_schedule()
    {
        await using var service = await Service.StartAsync(new SimulatorOptions { Host = "127.0.0.1", TaskDuration = TaskDuration });
        var own = new Uri("http://127.0.0.1:9/elsewhere");
        var operation = await service.Client.StartGenerationAsync("a banana on the moon", new GenerationOptions { CallbackUrl = own });
        var started = service.Time.GetUtcNow();

        var wait = operation.WaitForCompletionAsync();
        await FakeClock.DriveAsync(wait, service.Time);
        await wait;

        var create = JsonNode.Parse(service.Simulator.Requests.First(r => r.Operation == SimulatorOperation.CreateTask).Body!)!;
        Assert.Equal(own.AbsoluteUri, (string)create["callback_url"]!);
        Assert.True(service.Simulator.TaskQueriesReceived >= 2, "the usual schedule polls before completion is seen");
        Assert.True(service.Time.GetUtcNow() - started < Fallback);
    }

    [Fact]
    public void The_callback_url_option_must_be_https_or_loopback()
    {
        var options = new NanoBananaClientOptions { ApiKey = "sk-test", CallbackUrl = new Uri("http://example.com/hooks") };

        Assert.Contains(options.Validate(), e => e.Contains("CallbackUrl", StringComparison.Ordinal));
        options.CallbackUrl = new Uri("https://example.com/hooks");
        Assert.Empty(options.Validate());
    }

    /// <summary>The simulator, and a Kestrel app on 127.0.0.1 with the client (knowing its callback URL) and the endpoint.</summary>
    private sealed class Service : IAsyncDisposable
    {
        private Service(NanoBananaSimulator simulator, WebApplication app, FakeTimeProvider time, Uri callbackUrl)
        {
            Simulator = simulator;
            App = app;
            Time = time;
            CallbackUrl = callbackUrl;
        }

        public NanoBananaSimulator Simulator { get; }

        public WebApplication App { get; }

        public FakeTimeProvider Time { get; }

        public Uri CallbackUrl { get; }

        public INanoBananaClient Client => App.Services.GetRequiredService<INanoBananaClient>();

        public static async Task<Service> StartAsync(SimulatorOptions options)
        {
            var time = new FakeTimeProvider(FakeClock.Start);
            options.TimeProvider = time;
            var simulator = NanoBananaSimulator.Start(options);
            var port = LoopbackPorts.Free();
            var callbackUrl = new Uri($"http://127.0.0.1:{port}/hooks/nano-banana?secret={Secret}");
            var builder = WebApplication.CreateSlimBuilder();
            builder.WebHost.UseKestrel().UseUrls($"http://127.0.0.1:{port}");
            builder.Logging.ClearProviders();
            builder.Services.AddSingleton<TimeProvider>(time);
            builder.Services.AddNanoBananaClient(o =>
            {
                o.ApiKey = NanoBananaSimulator.ApiKey;
                o.BaseUrl = simulator.Url;
                o.CallbackUrl = callbackUrl;
                o.Polling.CallbackFallbackInterval = Fallback;
            });
            var app = builder.Build();
            app.MapNanoBananaCallback("/hooks/nano-banana", (_, _) => Task.CompletedTask, o => o.Secret = Secret);
            await app.StartAsync();
            return new Service(simulator, app, time, callbackUrl);
        }

        public async ValueTask DisposeAsync()
        {
            await App.StopAsync();
            await App.DisposeAsync();
            await Simulator.DisposeAsync();
        }
    }
}

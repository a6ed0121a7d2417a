using System.Text.Json.Nodes;
using Microsoft.Extensions.Time.Testing;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;
using WireMock.Server;

namespace NanoBanana.Simulator.Tests;

/// <summary>Callbacks on completion and failure; the credit balance, 402 and refunds.</summary>
public sealed class CallbackAndCreditsTests : IDisposable
{
    private readonly WireMockServer _receiver = WireMockServer.Start();

    public CallbackAndCreditsTests() =>
        _receiver.Given(Request.Create().WithPath("/webhook").UsingPost()).RespondWith(Response.Create().WithStatusCode(200));

    public void Dispose() => _receiver.Dispose();

    private string Body(string prompt) =>
        new JsonObject
        {
            ["model"] = "nano-banana-2-lite",
            ["callback_url"] = _receiver.Url + "/webhook",
            ["input"] = new JsonObject { ["prompt"] = prompt, ["aspect_ratio"] = "3:2" },
        }.ToJsonString();

    [Fact]
    public async Task Completion_posts_the_task_object_to_callback_url_when_the_clock_gets_there()
    {
        var clock = new FakeTimeProvider();
        await using var simulator = NanoBananaSimulator.Start(new SimulatorOptions { TimeProvider = clock, TaskDuration = TimeSpan.FromSeconds(6) });
        using var http = Http.Client(simulator);
        var id = await http.CreateTaskIdAsync(Body("a banana"));
        Assert.Empty(simulator.Callbacks);

        clock.Advance(TimeSpan.FromSeconds(6));
        await simulator.WaitForCallbacksAsync(1, new CancellationTokenSource(TimeSpan.FromSeconds(30)).Token);

        var delivery = Assert.Single(simulator.Callbacks);
        Assert.True(delivery.Delivered);
        Assert.Equal("completed", delivery.Status);
        var received = Assert.Single(_receiver.LogEntries);
        Assert.Equal("POST", received.RequestMessage.Method);
        Assert.False(received.RequestMessage.Headers!.ContainsKey("Authorization")); // the key never leaves for another host
        var body = JsonNode.Parse(received.RequestMessage.Body!)!;
        Assert.True(JsonNode.DeepEquals(await http.GetTaskAsync(id), body), "the callback body is the query task response");
        Assert.Single(simulator.Callbacks); // the query that saw it finished did not send a second callback
    }

    [Fact]
    public async Task Failure_posts_the_failed_task_and_refunds_its_credits()
    {
        var clock = new FakeTimeProvider();
        await using var simulator = NanoBananaSimulator.Start(new SimulatorOptions { TimeProvider = clock, TaskDuration = TimeSpan.FromSeconds(3) });
        using var http = Http.Client(simulator);
        var id = await http.CreateTaskIdAsync(Body("a banana [fail]"));
        Assert.Equal(990, simulator.Credits);

        clock.Advance(TimeSpan.FromSeconds(3));
        await simulator.WaitForCallbacksAsync(1, new CancellationTokenSource(TimeSpan.FromSeconds(30)).Token);

        var delivery = Assert.Single(simulator.Callbacks);
        Assert.Equal("failed", delivery.Status);
        var task = await http.GetTaskAsync(id);
        Assert.Equal("failed", task["status"]!.GetValue<string>());
        Assert.Equal("upstream_error", task["error"]!["code"]!.GetValue<string>());
        Assert.Null(task["output"]);
        Assert.Equal(1000, simulator.Credits);
    }

    [Fact]
    public async Task An_unreachable_callback_url_is_recorded_as_not_delivered()
    {
        await using var simulator = NanoBananaSimulator.Start(new SimulatorOptions { TaskDuration = TimeSpan.Zero });
        using var http = Http.Client(simulator);
        var body = """{"model":"nano-banana-2-lite","callback_url":"http://127.0.0.1:1/webhook","input":{"prompt":"x"}}""";
        await http.CreateTaskIdAsync(body);

        await simulator.WaitForCallbacksAsync(1, new CancellationTokenSource(TimeSpan.FromSeconds(30)).Token);

        var delivery = Assert.Single(simulator.Callbacks);
        Assert.False(delivery.Delivered);
        Assert.NotNull(delivery.Error);
    }

    [Fact]
    public async Task Credits_report_the_balance_and_each_image_spends_10()
    {
        await using var simulator = NanoBananaSimulator.Start(new SimulatorOptions { InitialCredits = 100 });
        using var http = Http.Client(simulator);

        await http.CreateTaskIdAsync();
        using var response = await http.GetAsync("v1/credits");

        Assert.Equal(90, (await response.JsonAsync())["credits"]!.GetValue<int>());
        Assert.Equal(90, simulator.Credits);
    }

    [Fact]
    public async Task Running_out_of_credits_is_402_insufficient_credits_and_creates_nothing()
    {
        await using var simulator = NanoBananaSimulator.Start();
        simulator.Credits = 15;
        using var http = Http.Client(simulator);

        using var first = await http.CreateAsync(Http.TextToImage);
        using var second = await http.CreateAsync(Http.TextToImage);

        Assert.Equal(200, (int)first.StatusCode);
        await second.AssertErrorAsync(402, "insufficient_credits");
        Assert.Equal(5, simulator.Credits);
        Assert.Equal(1, simulator.TasksCreated);
    }

    [Fact]
    public async Task Concurrent_creates_never_overspend()
    {
        await using var simulator = NanoBananaSimulator.Start(new SimulatorOptions { InitialCredits = 500, RecordRequests = false });
        using var http = Http.Client(simulator);

        var responses = await Task.WhenAll(Enumerable.Range(0, 80).Select(_ => http.CreateAsync(Http.TextToImage)));

        Assert.Equal(50, responses.Count(r => (int)r.StatusCode == 200));
        Assert.Equal(30, responses.Count(r => (int)r.StatusCode == 402));
        Assert.Equal(0, simulator.Credits);
        foreach (var r in responses) r.Dispose();
    }
}

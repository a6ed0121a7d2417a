using System.Text.Json;
using Microsoft.Extensions.Time.Testing;

namespace NanoBanana.Simulator.Tests;

/// <summary>Faults injected for the next N matching requests.</summary>
public class FaultInjectionTests
{
    [Fact]
    public async Task An_error_fault_answers_the_documented_error_for_the_next_n_requests_then_stops()
    {
        await using var simulator = NanoBananaSimulator.Start();
        simulator.InjectFault(SimulatorFault.Error("internal_error", times: 2, operation: SimulatorOperation.CreateTask));
        using var http = Http.Client(simulator);

        using var first = await http.CreateAsync(Http.TextToImage);
        using var credits = await http.GetAsync("v1/credits");
        using var second = await http.CreateAsync(Http.TextToImage);
        using var third = await http.CreateAsync(Http.TextToImage);

        await first.AssertErrorAsync(500, "internal_error");
        Assert.Equal(200, (int)credits.StatusCode); // another operation: untouched
        await second.AssertErrorAsync(500, "internal_error");
        Assert.Equal(200, (int)third.StatusCode);
        Assert.Equal(1, simulator.TasksCreated);
    }

    [Fact]
    public async Task An_upstream_error_fault_carries_its_retry_after()
    {
        await using var simulator = NanoBananaSimulator.Start();
        simulator.InjectFault(SimulatorFault.Error("upstream_error", retryAfter: TimeSpan.FromSeconds(7)));
        using var http = Http.Client(simulator);

        using var response = await http.CreateAsync(Http.TextToImage);

        await response.AssertErrorAsync(503, "upstream_error");
        Assert.Equal(TimeSpan.FromSeconds(7), response.Headers.RetryAfter!.Delta);
    }

    [Fact]
    public async Task A_rate_limit_fault_answers_429_with_retry_after()
    {
        await using var simulator = NanoBananaSimulator.Start();
        simulator.InjectFault(SimulatorFault.RateLimit(TimeSpan.FromSeconds(2.5), operation: SimulatorOperation.GetTask));
        using var http = Http.Client(simulator);
        var id = await http.CreateTaskIdAsync();

        using var limited = await http.GetAsync("v1/tasks/" + id);
        using var next = await http.GetAsync("v1/tasks/" + id);

        await limited.AssertErrorAsync(429, "rate_limit_exceeded");
        Assert.Equal(TimeSpan.FromSeconds(3), limited.Headers.RetryAfter!.Delta);
        Assert.Equal(200, (int)next.StatusCode);
    }

    [Fact]
    public async Task A_dropped_connection_loses_the_answer_but_the_create_happened()
    {
        await using var simulator = NanoBananaSimulator.Start();
        simulator.InjectFault(SimulatorFault.DropConnection(operation: SimulatorOperation.CreateTask));
        using var http = Http.Client(simulator);

        await Assert.ThrowsAnyAsync<HttpRequestException>(async () =>
        {
            using var response = await http.CreateAsync(Http.TextToImage);
            await response.Content.ReadAsByteArrayAsync();
        });

        // The outcome is unknown to the caller, yet the task exists and was billed: why creates are never retried.
        Assert.Equal(1, simulator.TasksCreated);
        Assert.Equal(990, simulator.Credits);
    }

    [Fact]
    public async Task A_malformed_body_fault_answers_json_that_does_not_parse()
    {
        await using var simulator = NanoBananaSimulator.Start();
        simulator.InjectFault(SimulatorFault.MalformedBody(operation: SimulatorOperation.GetCredits));
        using var http = Http.Client(simulator);

        using var response = await http.GetAsync("v1/credits");
        var text = await response.Content.ReadAsStringAsync();

        Assert.Equal(200, (int)response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType!.MediaType);
        Assert.ThrowsAny<JsonException>(() => JsonDocument.Parse(text));
    }

    [Fact]
    public async Task A_delay_fault_waits_on_the_simulators_clock()
    {
        var clock = new FakeTimeProvider();
        await using var simulator = NanoBananaSimulator.Start(new SimulatorOptions { TimeProvider = clock });
        simulator.InjectFault(SimulatorFault.Latency(TimeSpan.FromSeconds(5), operation: SimulatorOperation.GetCredits));
        using var http = Http.Client(simulator);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));

        var pending = http.GetAsync("v1/credits", timeout.Token);
        while (simulator.Requests.Count == 0) await Task.Yield();
        var advanced = TimeSpan.Zero;
        while (!pending.IsCompleted && !timeout.IsCancellationRequested)
        {
            clock.Advance(TimeSpan.FromSeconds(1));
            advanced += TimeSpan.FromSeconds(1);
            await Task.WhenAny(pending, Task.Delay(TimeSpan.FromMilliseconds(20), TimeProvider.System));
        }

        using var response = await pending;
        Assert.Equal(200, (int)response.StatusCode);
        Assert.True(advanced >= TimeSpan.FromSeconds(5), $"answered after only {advanced} of simulated time");
    }

    [Fact]
    public async Task Every_create_waits_the_configured_create_latency_on_the_simulators_clock()
    {
        var clock = new FakeTimeProvider();
        await using var simulator = NanoBananaSimulator.Start(new SimulatorOptions { TimeProvider = clock, CreateLatency = TimeSpan.FromMilliseconds(300) });
        using var http = Http.Client(simulator);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));

        for (var i = 0; i < 2; i++)
        {
            var before = simulator.Requests.Count;
            var pending = http.CreateTaskIdAsync();
            while (simulator.Requests.Count == before) await Task.Yield();
            var advanced = TimeSpan.Zero;
            while (!pending.IsCompleted && !timeout.IsCancellationRequested)
            {
                await Task.WhenAny(pending, Task.Delay(TimeSpan.FromMilliseconds(20), TimeProvider.System));
                if (pending.IsCompleted) break;
                clock.Advance(TimeSpan.FromMilliseconds(100));
                advanced += TimeSpan.FromMilliseconds(100);
            }

            Assert.False(string.IsNullOrEmpty(await pending));
            Assert.True(advanced >= TimeSpan.FromMilliseconds(300), $"create {i + 1} answered after only {advanced} of simulated time");
        }
    }

    [Fact]
    public async Task A_download_fault_hits_the_file_host_only()
    {
        await using var simulator = NanoBananaSimulator.Start(new SimulatorOptions { TaskDuration = TimeSpan.Zero });
        simulator.InjectFault(SimulatorFault.Error("internal_error", operation: SimulatorOperation.DownloadOutput));
        using var http = Http.Client(simulator);
        var id = await http.CreateTaskIdAsync();
        var url = (await http.GetTaskAsync(id))["output"]!["urls"]![0]!.GetValue<string>();
        using var download = new HttpClient();

        using var failed = await download.GetAsync(url);
        using var ok = await download.GetAsync(url);

        Assert.Equal(500, (int)failed.StatusCode);
        Assert.Equal(200, (int)ok.StatusCode);
    }

    [Fact]
    public async Task The_rate_limit_option_answers_429_past_n_requests_a_second()
    {
        var clock = new FakeTimeProvider();
        await using var simulator = NanoBananaSimulator.Start(new SimulatorOptions { TimeProvider = clock, RateLimit = 2, RetryAfter = TimeSpan.FromSeconds(1) });
        using var http = Http.Client(simulator);

        using var a = await http.GetAsync("v1/credits");
        using var b = await http.GetAsync("v1/credits");
        using var c = await http.GetAsync("v1/credits");
        clock.Advance(TimeSpan.FromSeconds(1));
        using var d = await http.GetAsync("v1/credits");

        Assert.Equal(200, (int)a.StatusCode);
        Assert.Equal(200, (int)b.StatusCode);
        await c.AssertErrorAsync(429, "rate_limit_exceeded");
        Assert.Equal(TimeSpan.FromSeconds(1), c.Headers.RetryAfter!.Delta);
        Assert.Equal(200, (int)d.StatusCode);
    }

    [Fact]
    public void An_undocumented_error_code_is_refused_naming_the_documented_ones()
    {
        var error = Assert.Throws<ArgumentException>(() => SimulatorFault.Error("teapot"));
        Assert.Contains("'teapot' is not a documented error code", error.Message, StringComparison.Ordinal);
        Assert.Contains("upstream_error", error.Message, StringComparison.Ordinal);
    }
}

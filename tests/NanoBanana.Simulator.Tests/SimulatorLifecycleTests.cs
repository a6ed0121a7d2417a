using Microsoft.Extensions.Time.Testing;
using NanoBanana.Testing;

namespace NanoBanana.Simulator.Tests;

/// <summary>Start, create, task progress on the clock, outputs on another host.</summary>
public class SimulatorLifecycleTests
{
    [Fact]
    public async Task Create_answers_the_documented_envelope()
    {
        await using var simulator = NanoBananaSimulator.Start();
        using var http = Http.Client(simulator);

        using var response = await http.CreateAsync(Http.TextToImage);
        var json = await response.JsonAsync();

        Assert.Equal(200, (int)response.StatusCode);
        Assert.Equal(200, json["code"]!.GetValue<int>());
        Assert.Equal("success", json["msg"]!.GetValue<string>());
        Assert.Matches("^[A-Za-z0-9_-]+$", json["data"]!["taskId"]!.GetValue<string>());
        Assert.Equal(1, simulator.CreatesReceived);
        Assert.Equal(1, simulator.TasksCreated);
    }

    [Fact]
    public async Task A_task_runs_pending_processing_completed_on_the_clock()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.Parse("2026-07-02T10:00:00Z", System.Globalization.CultureInfo.InvariantCulture));
        await using var simulator = NanoBananaSimulator.Start(new SimulatorOptions
        {
            TimeProvider = clock, TaskDuration = TimeSpan.FromSeconds(8), ProcessingAfter = TimeSpan.FromSeconds(2),
        });
        using var http = Http.Client(simulator);
        var id = await http.CreateTaskIdAsync();

        var pending = await http.GetTaskAsync(id);
        Assert.Equal("pending", pending["status"]!.GetValue<string>());
        Assert.Equal(clock.GetUtcNow().ToUnixTimeSeconds(), pending["created_at"]!.GetValue<long>());

        clock.Advance(TimeSpan.FromSeconds(4));
        var processing = await http.GetTaskAsync(id);
        Assert.Equal("processing", processing["status"]!.GetValue<string>());
        Assert.Equal(50.0, processing["progress"]!.GetValue<double>());
        Assert.Null(processing["output"]);

        clock.Advance(TimeSpan.FromSeconds(4));
        var completed = await http.GetTaskAsync(id);
        Assert.Equal("completed", completed["status"]!.GetValue<string>());
        Assert.Equal("nano-banana-2-lite", completed["model"]!.GetValue<string>());
        Assert.Equal(8000, completed["output"]!["metadata"]!["costTime"]!.GetValue<long>());
        Assert.Single(completed["output"]!["urls"]!.AsArray());
    }

    [Fact]
    public async Task Zero_duration_completes_at_once()
    {
        await using var simulator = NanoBananaSimulator.Start(new SimulatorOptions { TaskDuration = TimeSpan.Zero });
        using var http = Http.Client(simulator);
        var id = await http.CreateTaskIdAsync();

        Assert.Equal("completed", (await http.GetTaskAsync(id))["status"]!.GetValue<string>());
    }

    [Theory]
    [InlineData("16:9", 1024, 576)]
    [InlineData("9:16", 576, 1024)]
    [InlineData("1:1", 1024, 1024)]
    [InlineData("auto", 1024, 1024)]
    [InlineData("4:5", 819, 1024)]
    [InlineData("21:9", 1024, 439)]
    [InlineData("8:1", 1024, 128)]
    [InlineData(null, 1024, 1024)]
    public async Task The_output_is_a_real_png_of_the_requested_aspect_ratio_on_another_host(string? aspectRatio, int width, int height)
    {
        await using var simulator = NanoBananaSimulator.Start(new SimulatorOptions { TaskDuration = TimeSpan.Zero });
        using var http = Http.Client(simulator);
        var ratio = aspectRatio is null ? "" : $",\"aspect_ratio\":\"{aspectRatio}\"";
        var id = await http.CreateTaskIdAsync($$$"""{"model":"nano-banana-2-lite","input":{"prompt":"a banana"{{{ratio}}}}}""");
        var url = new Uri((await http.GetTaskAsync(id))["output"]!["urls"]![0]!.GetValue<string>());

        Assert.NotEqual(simulator.Url.Authority, url.Authority);
        Assert.Equal(simulator.FilesUrl.Authority, url.Authority);
        using var download = new HttpClient();
        using var response = await download.GetAsync(url);
        Assert.Equal("image/png", response.Content.Headers.ContentType!.MediaType);
        Assert.Equal((width, height), PngReader.Decode(await response.Content.ReadAsByteArrayAsync()));
    }

    [Fact]
    public async Task No_output_before_the_task_completes()
    {
        var clock = new FakeTimeProvider();
        await using var simulator = NanoBananaSimulator.Start(new SimulatorOptions { TimeProvider = clock, TaskDuration = TimeSpan.FromSeconds(5) });
        using var http = Http.Client(simulator);
        var id = await http.CreateTaskIdAsync();
        using var download = new HttpClient();

        using var early = await download.GetAsync(new Uri(simulator.FilesUrl, $"images/{id}.png"));
        Assert.Equal(404, (int)early.StatusCode);
        clock.Advance(TimeSpan.FromSeconds(5));
        using var late = await download.GetAsync(new Uri(simulator.FilesUrl, $"images/{id}.png"));
        Assert.Equal(200, (int)late.StatusCode);
    }

    [Fact]
    public async Task Unknown_task_is_404_task_not_found()
    {
        await using var simulator = NanoBananaSimulator.Start();
        using var http = Http.Client(simulator);

        using var response = await http.GetAsync("v1/tasks/no-such-task");
        await response.AssertErrorAsync(404, "task_not_found");
    }

    [Fact]
    public async Task Binds_a_fixed_host_and_port()
    {
        var port = LoopbackPorts.Free();

        await using var simulator = NanoBananaSimulator.Start(new SimulatorOptions { Host = "127.0.0.1", Port = port });
        Assert.Equal(new Uri($"http://127.0.0.1:{port}/"), simulator.Url);
        Assert.NotEqual(port, simulator.FilesUrl.Port);
        using var http = Http.Client(simulator);
        using var response = await http.GetAsync("v1/credits");
        Assert.Equal(200, (int)response.StatusCode);
    }
}

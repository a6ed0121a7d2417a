using NanoBanana.Simulator;

namespace NanoBanana.Cli.Tests;

/// <summary><c>task get</c>, <c>task wait</c> and <c>credits</c> against the simulator.</summary>
public sealed class TaskAndCreditsCommandTests : IDisposable
{
    private readonly NanoBananaSimulator _simulator = NanoBananaSimulator.Start(new SimulatorOptions { TaskDuration = TimeSpan.Zero, InitialCredits = 730 });
    private readonly string _out = Cli.TempFolder();

    public void Dispose()
    {
        _simulator.Dispose();
        Directory.Delete(_out, recursive: true);
    }

    private string BaseUrl => _simulator.Url.AbsoluteUri;

    private async Task<string> CreateTaskAsync(string prompt = "a banana")
    {
        var run = await Cli.RunAsync(["generate", prompt, "--no-wait", "--base-url", BaseUrl]);
        Assert.True(run.ExitCode == 0, run.ToString());
        return Assert.Single(run.StdoutLines);
    }

    [Fact]
    public async Task Task_get_shows_the_task()
    {
        var id = await CreateTaskAsync();

        var run = await Cli.RunAsync(["task", "get", id, "--base-url", BaseUrl]);

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Contains($"id:        {id}", run.StdoutLines);
        Assert.Contains("status:    completed", run.StdoutLines);
        Assert.Contains(run.StdoutLines, l => l.StartsWith("output:    " + _simulator.FilesUrl.AbsoluteUri, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Task_get_json_is_the_task_as_the_api_returns_it()
    {
        var id = await CreateTaskAsync();

        var run = await Cli.RunAsync(["task", "get", id, "--json", "--base-url", BaseUrl]);

        Assert.True(run.ExitCode == 0, run.ToString());
        var json = run.Json();
        Assert.Equal(id, json.GetProperty("id").GetString());
        Assert.Equal("completed", json.GetProperty("status").GetString());
        Assert.True(json.TryGetProperty("output", out _));
        Assert.False(json.TryGetProperty("files", out _));
    }

    [Fact]
    public async Task Task_get_of_a_failed_task_shows_its_error_and_exits_0()
    {
        var id = await CreateTaskAsync("a banana [fail]");

        var run = await Cli.RunAsync(["task", "get", id, "--base-url", BaseUrl]);

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Contains("status:    failed", run.StdoutLines);
        Assert.Contains(run.StdoutLines, l => l.StartsWith("error:     upstream_error: ", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Task_wait_downloads_the_outputs_and_prints_the_paths()
    {
        var id = await CreateTaskAsync();

        var run = await Cli.RunAsync(["task", "wait", id, "--out", _out, "--timeout", "1m", "--base-url", BaseUrl]);

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Equal(Path.Combine(_out, id + ".png"), Assert.Single(run.StdoutLines));
        Assert.True(Cli.IsPng(Path.Combine(_out, id + ".png")));
    }

    [Fact]
    public async Task Task_wait_json_adds_the_files()
    {
        var id = await CreateTaskAsync();

        var run = await Cli.RunAsync(["task", "wait", id, "--json", "--out", _out, "--base-url", BaseUrl]);

        Assert.True(run.ExitCode == 0, run.ToString());
        var json = run.Json();
        Assert.Equal(id, json.GetProperty("id").GetString());
        Assert.Equal(Path.Combine(_out, id + ".png"), Assert.Single(json.GetProperty("files").EnumerateArray()).GetString());
    }

    [Fact]
    public async Task Credits_prints_the_balance()
    {
        var run = await Cli.RunAsync(["credits", "--base-url", BaseUrl]);

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Equal(["730 credits"], run.StdoutLines);
    }

    [Fact]
    public async Task Credits_json_is_the_body_the_api_returns()
    {
        var run = await Cli.RunAsync(["credits", "--json", "--base-url", BaseUrl]);

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Equal(730, run.Json().GetProperty("credits").GetInt32());
    }

    [Fact]
    public async Task Credits_without_a_key_reads_the_embedded_simulator()
    {
        var run = await Cli.RunAsync(["credits"]);

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Equal(["1000 credits"], run.StdoutLines);
        Assert.Contains(run.StderrLines, l => l.Contains("embedded simulator", StringComparison.Ordinal));
    }
}

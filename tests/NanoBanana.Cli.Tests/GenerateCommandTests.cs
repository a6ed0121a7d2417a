using System.Text.Json;
using NanoBanana.Simulator;

namespace NanoBanana.Cli.Tests;

/// <summary><c>nanobanana generate</c> end to end against the simulator.</summary>
public sealed class GenerateCommandTests : IDisposable
{
    private const string Key = "sk-cli-test-key-0123456789";
    private readonly NanoBananaSimulator _simulator = NanoBananaSimulator.Start(new SimulatorOptions { TaskDuration = TimeSpan.Zero });
    private readonly string _out = Cli.TempFolder();

    public void Dispose()
    {
        _simulator.Dispose();
        Directory.Delete(_out, recursive: true);
    }

    [Fact]
    public async Task Without_key_or_base_url_it_runs_on_the_embedded_simulator_and_says_so_in_one_line()
    {
        var run = await Cli.RunAsync(["generate", "a ripe banana", "--out", _out]);

        Assert.True(run.ExitCode == 0, run.ToString());
        var note = Assert.Single(run.StderrLines, l => l.Contains("embedded simulator", StringComparison.Ordinal));
        Assert.Contains("NANOBANANA_API_KEY", note, StringComparison.Ordinal);
        Assert.Contains("--api-key", note, StringComparison.Ordinal);
        var path = Assert.Single(run.StdoutLines);
        Assert.Equal(_out, Path.GetDirectoryName(path));
        Assert.True(Cli.IsPng(path));
        Assert.Equal([path], Directory.GetFiles(_out));
        Assert.Equal(0, _simulator.CreatesReceived);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task An_invalid_prompt_on_the_embedded_simulator_is_one_error_line_and_nothing_starts(bool json)
    {
        string[] args = json ? ["generate", "   ", "--out", _out, "--json"] : ["generate", "   ", "--out", _out];

        var run = await Cli.RunAsync(args);

        Assert.True(run.ExitCode == 2, run.ToString());
        var line = Assert.Single(run.StderrLines);
        Assert.StartsWith("error: ", line, StringComparison.Ordinal);
        Assert.Contains("PROMPT: must be present and not blank", line, StringComparison.Ordinal);
        Assert.DoesNotContain("embedded simulator", run.Stderr, StringComparison.Ordinal);
        if (json) Assert.Equal("validation_error", run.Json().GetProperty("error").GetProperty("code").GetString());
        else Assert.Empty(run.Stdout);
        Assert.Empty(Directory.GetFiles(_out));
    }

    [Fact]
    public async Task Out_defaults_to_the_current_folder()
    {
        var run = await Cli.RunAsync(["generate", "a banana"], currentDirectory: _out);

        Assert.True(run.ExitCode == 0, run.ToString());
        var path = Assert.Single(run.StdoutLines);
        Assert.Equal(_out, Path.GetDirectoryName(path));
        Assert.True(File.Exists(path));
    }

    [Fact]
    public async Task With_a_key_it_calls_the_base_url_sends_the_options_and_saves_the_output()
    {
        var run = await Cli.RunAsync(["generate", "a banana", "--aspect-ratio", "16:9", "--image-url", "https://img.example/a.png",
            "--image-url", "https://img.example/b.png", "--out", _out, "--base-url", _simulator.Url.AbsoluteUri], Cli.WithKey(Key));

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Equal(1, _simulator.TasksCreated);
        Assert.DoesNotContain(run.StderrLines, l => l.Contains("embedded simulator", StringComparison.Ordinal));
        var create = Assert.Single(_simulator.Requests, r => r.Operation == SimulatorOperation.CreateTask);
        using var body = JsonDocument.Parse(create.Body!);
        var input = body.RootElement.GetProperty("input");
        Assert.Equal("a banana", input.GetProperty("prompt").GetString());
        Assert.Equal("16:9", input.GetProperty("aspect_ratio").GetString());
        Assert.Equal(["https://img.example/a.png", "https://img.example/b.png"], input.GetProperty("image_urls").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal("nano-banana-2-lite", body.RootElement.GetProperty("model").GetString());
        Assert.True(Cli.IsPng(Assert.Single(run.StdoutLines)));
    }

    [Fact]
    public async Task The_environment_gives_key_and_base_url()
    {
        var env = new Dictionary<string, string> { ["NANOBANANA_API_KEY"] = Key, ["NANOBANANA_BASE_URL"] = _simulator.Url.AbsoluteUri };

        var run = await Cli.RunAsync(["generate", "a banana", "--out", _out], env);

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Equal(1, _simulator.TasksCreated);
        Assert.Equal("Bearer " + Key, _simulator.Requests[0].Authorization);
    }

    [Fact]
    public async Task A_loopback_base_url_without_a_key_uses_the_simulator_key()
    {
        var run = await Cli.RunAsync(["generate", "a banana", "--out", _out, "--base-url", _simulator.Url.AbsoluteUri]);

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Equal("Bearer " + NanoBananaSimulator.ApiKey, _simulator.Requests[0].Authorization);
    }

    [Fact]
    public async Task Json_prints_the_task_as_the_api_returns_it_plus_the_saved_files()
    {
        var run = await Cli.RunAsync(["generate", "a banana", "--json", "--out", _out, "--base-url", _simulator.Url.AbsoluteUri]);

        Assert.True(run.ExitCode == 0, run.ToString());
        var json = run.Json();
        var id = json.GetProperty("id").GetString();
        Assert.Equal("completed", json.GetProperty("status").GetString());
        Assert.Equal("nano-banana-2-lite", json.GetProperty("model").GetString());
        var url = Assert.Single(json.GetProperty("output").GetProperty("urls").EnumerateArray()).GetString();
        Assert.StartsWith(_simulator.FilesUrl.AbsoluteUri, url, StringComparison.Ordinal);
        var file = Assert.Single(json.GetProperty("files").EnumerateArray()).GetString()!;
        Assert.Equal(Path.Combine(_out, id + ".png"), file);
        Assert.True(Cli.IsPng(file));
    }

    [Fact]
    public async Task No_wait_prints_the_task_id_and_returns()
    {
        using var slow = NanoBananaSimulator.Start(new SimulatorOptions { TaskDuration = TimeSpan.FromHours(1) });

        var run = await Cli.RunAsync(["generate", "a banana", "--no-wait", "--out", _out, "--base-url", slow.Url.AbsoluteUri]);

        Assert.True(run.ExitCode == 0, run.ToString());
        var id = Assert.Single(run.StdoutLines);
        Assert.Equal(1, slow.TasksCreated);
        Assert.Equal(0, slow.TaskQueriesReceived);
        Assert.Contains($"nanobanana task wait {id} --base-url {slow.Url.AbsoluteUri}", run.Stderr, StringComparison.Ordinal);
        Assert.Empty(Directory.GetFiles(_out));
    }

    [Fact]
    public async Task No_wait_with_json_prints_the_created_task()
    {
        using var slow = NanoBananaSimulator.Start(new SimulatorOptions { TaskDuration = TimeSpan.FromHours(1) });

        var run = await Cli.RunAsync(["generate", "a banana", "--no-wait", "--json", "--base-url", slow.Url.AbsoluteUri]);

        Assert.True(run.ExitCode == 0, run.ToString());
        var json = run.Json();
        Assert.Equal("pending", json.GetProperty("status").GetString());
        Assert.False(string.IsNullOrEmpty(json.GetProperty("id").GetString()));
        Assert.Empty(json.GetProperty("files").EnumerateArray());
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task No_wait_sends_exactly_one_request_and_a_failing_read_cannot_turn_the_create_into_an_error(bool json)
    {
        using var slow = NanoBananaSimulator.Start(new SimulatorOptions { TaskDuration = TimeSpan.FromHours(1) });
        // Any read after the create would fail: a --no-wait that read the task would exit with an error for a created task.
        slow.InjectFault(SimulatorFault.Error("internal_error", times: 100, operation: SimulatorOperation.GetTask));
        string[] args = ["generate", "a banana", "--no-wait", "--base-url", slow.Url.AbsoluteUri];

        var run = await Cli.RunAsync(json ? [.. args, "--json"] : args);

        Assert.True(run.ExitCode == 0, run.ToString());
        var request = Assert.Single(slow.Requests);
        Assert.Equal(SimulatorOperation.CreateTask, request.Operation);
        var id = json ? run.Json().GetProperty("id").GetString() : Assert.Single(run.StdoutLines);
        Assert.False(string.IsNullOrEmpty(id));
        Assert.Equal(1, slow.TasksCreated);
        if (json)
        {
            var task = run.Json();
            Assert.Equal("pending", task.GetProperty("status").GetString());
            Assert.Equal("nano-banana-2-lite", task.GetProperty("model").GetString());
            Assert.Empty(task.GetProperty("files").EnumerateArray());
        }
    }

    [Fact]
    public async Task Progress_goes_to_stderr_as_plain_lines_when_stderr_is_not_a_terminal()
    {
        var run = await Cli.RunAsync(["generate", "a banana", "--out", _out, "--base-url", _simulator.Url.AbsoluteUri]);

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Contains(run.StderrLines, l => l.StartsWith("task ", StringComparison.Ordinal) && l.EndsWith(": completed", StringComparison.Ordinal));
        Assert.Contains("saved 1 file", run.StderrLines);
        Assert.DoesNotContain('\u001b', run.Stderr);
        Assert.Single(run.StdoutLines);
    }

    [Fact]
    public async Task On_a_terminal_progress_is_drawn_on_stderr_and_stdout_keeps_only_the_paths()
    {
        var run = await Cli.RunAsync(["generate", "a banana", "--out", _out, "--base-url", _simulator.Url.AbsoluteUri], terminal: true);

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.True(Cli.IsPng(Assert.Single(run.StdoutLines)));
        Assert.Contains("completed", run.Stderr, StringComparison.Ordinal);
    }
}

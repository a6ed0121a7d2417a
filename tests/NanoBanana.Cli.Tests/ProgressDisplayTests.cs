using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Time.Testing;
using NanoBanana.Cli;
using NanoBanana.Client;
using NanoBanana.Simulator;
using Spectre.Console;

namespace NanoBanana.Cli.Tests;

/// <summary>Progress as it is shown: the bar follows the task's status and progress and its downloads; saved files are labelled for a person.</summary>
public sealed partial class ProgressDisplayTests : IDisposable
{
    private readonly string _out = Cli.TempFolder();

    public void Dispose() => Directory.Delete(_out, recursive: true);

    [GeneratedRegex(@"\x1b\[[0-9;?]*[A-Za-z]")]
    private static partial Regex Ansi();

    [Fact]
    public async Task Progress_within_a_status_is_reported_as_it_moves()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 12, 6, 0, 0, 0, TimeSpan.Zero));
        await using var simulator = NanoBananaSimulator.Start(new SimulatorOptions { TaskDuration = TimeSpan.FromSeconds(60), TimeProvider = clock });

        var run = await Cli.RunAsync(["generate", "a banana", "--out", _out, "--base-url", simulator.Url.AbsoluteUri], clock: clock);

        Assert.True(run.ExitCode == 0, run.ToString());
        var processing = run.StderrLines.Where(l => l.Contains(": processing ", StringComparison.Ordinal)).ToList();
        Assert.True(processing.Count >= 3, run.ToString());
        Assert.Equal(processing.Count, processing.Distinct().Count());
    }

    [Fact]
    public void The_bar_takes_the_tasks_status_and_progress_and_shows_downloads()
    {
        var bar = new ProgressTask(1, "task", 100);
        var progress = new TaskProgress.LiveBar(bar, "397c");

        progress.Report(new GenerationTask { Id = "397c", Status = GenerationTaskStatus.Processing, Progress = 34 });
        Assert.Equal(34, bar.Value);
        Assert.Contains("processing", bar.Description, StringComparison.Ordinal);

        progress.Report(new GenerationTask { Id = "397c", Status = GenerationTaskStatus.Completed, Progress = 100 });
        progress.Step("downloading output 1 of 2");
        Assert.Contains("downloading output 1 of 2", bar.Description, StringComparison.Ordinal);
    }

    [Fact]
    public async Task On_a_terminal_downloads_are_shown_on_the_bar_not_printed_above_it()
    {
        await using var simulator = NanoBananaSimulator.Start(new SimulatorOptions { TaskDuration = TimeSpan.Zero });

        var run = await Cli.RunAsync(["generate", "a banana", "--out", _out, "--base-url", simulator.Url.AbsoluteUri], terminal: true);

        Assert.True(run.ExitCode == 0, run.ToString());
        var lines = Ansi().Replace(run.Stderr, string.Empty).Split(['\n', '\r'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        Assert.DoesNotContain(lines, l => l.StartsWith("downloading", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.Contains("saved", StringComparison.Ordinal) && l.Contains("100%", StringComparison.Ordinal));
    }

    [Fact]
    public async Task On_a_terminal_stdout_says_what_was_saved_where()
    {
        var run = await Cli.RunAsync(["generate", "a banana", "--out", _out], stdoutTerminal: true);

        Assert.True(run.ExitCode == 0, run.ToString());
        var path = Assert.Single(Directory.GetFiles(_out));
        Assert.Equal($"saved: {path}", run.StdoutLines[^1]);
    }

    [Fact]
    public async Task A_prompt_piped_into_the_real_process_reaches_the_api_exactly()
    {
        await using var simulator = NanoBananaSimulator.Start(new SimulatorOptions { TaskDuration = TimeSpan.FromHours(1) });
        using var process = ToolProcess.Start("generate", "-", "--no-wait", "--base-url", simulator.Url.AbsoluteUri);
        await process.StandardInput.WriteAsync("a banana from a pipe\n");
        process.StandardInput.Close();
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(60));

        Assert.True(process.ExitCode == 0, await stderr);
        var create = Assert.Single(simulator.Requests, r => r.Operation == SimulatorOperation.CreateTask);
        using var body = JsonDocument.Parse(create.Body!);
        Assert.Equal("a banana from a pipe", body.RootElement.GetProperty("input").GetProperty("prompt").GetString());
        Assert.False(string.IsNullOrWhiteSpace(await stdout));
    }
}

using System.Text;
using System.Text.Json;
using NanoBanana.Simulator;

namespace NanoBanana.Cli.Tests;

/// <summary>Where a prompt comes from: the argument, stdin (<c>-</c>) or <c>--prompt-file</c>; an <c>@</c> is never a response file.</summary>
public sealed class PromptInputTests : IDisposable
{
    private readonly NanoBananaSimulator _simulator = NanoBananaSimulator.Start(new SimulatorOptions { TaskDuration = TimeSpan.FromHours(1) });
    private readonly string _folder = Cli.TempFolder();

    public void Dispose()
    {
        _simulator.Dispose();
        Directory.Delete(_folder, recursive: true);
    }

    private Task<CliRun> Generate(string? stdin, params string[] args) =>
        Cli.RunAsync(["generate", .. args, "--no-wait", "--base-url", _simulator.Url.AbsoluteUri], stdin: stdin, currentDirectory: _folder);

    private string SentPrompt()
    {
        var create = Assert.Single(_simulator.Requests, r => r.Operation == SimulatorOperation.CreateTask);
        using var body = JsonDocument.Parse(create.Body!);
        return body.RootElement.GetProperty("input").GetProperty("prompt").GetString()!;
    }

    [Fact]
    public async Task A_dash_reads_the_prompt_from_stdin_and_sends_it_exactly()
    {
        var run = await Generate("a banana\n  on two lines, \"quoted\" and $HOME\n", "-");

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Equal("a banana\n  on two lines, \"quoted\" and $HOME", SentPrompt());
    }

    [Fact]
    public async Task Prompt_file_reads_the_prompt_from_a_file_and_sends_it_exactly()
    {
        var path = Path.Combine(_folder, "prompt.txt");
        File.WriteAllText(path, "@home: a ripe banana \U0001F34C\r\nsecond line\r\n", new UTF8Encoding(encoderShouldEmitUTF8Identifier: true));

        var run = await Generate(null, "--prompt-file", "prompt.txt");

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Equal("@home: a ripe banana \U0001F34C\r\nsecond line", SentPrompt());
    }

    [Fact]
    public async Task A_stdin_prompt_and_a_stdin_key_cannot_share_stdin()
    {
        var run = await Generate("sk-simulator\na banana\n", "-", "--api-key-file", "-");

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("both read stdin", run.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain(_simulator.Requests, r => r.Operation == SimulatorOperation.CreateTask);
    }

    [Theory]
    [InlineData("@home a banana")]
    [InlineData("@prompt.txt")]
    public async Task A_prompt_starting_with_at_is_sent_literally(string prompt)
    {
        File.WriteAllText(Path.Combine(_folder, "prompt.txt"), "--aspect-ratio 16:9 expanded");

        var run = await Generate(null, prompt);

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Equal(prompt, SentPrompt());
    }

    [Fact]
    public async Task A_batch_file_starting_with_at_is_a_file_name_not_a_response_file()
    {
        File.WriteAllText(Path.Combine(_folder, "list.txt"), "--dry-run");

        var run = await Cli.RunAsync(["batch", "@list.txt", "--dry-run"], currentDirectory: _folder);

        Assert.True(run.ExitCode == 2, run.ToString());
        Assert.Contains("'@list.txt' does not exist", run.Stderr, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("stdin")]
    [InlineData("file")]
    public async Task A_prompt_over_the_limit_from_stdin_or_a_file_is_refused_naming_its_source_and_nothing_is_sent(string source)
    {
        var prompt = new string('b', 20_001);
        var path = Path.Combine(_folder, "long.txt");
        File.WriteAllText(path, prompt);

        var run = source == "stdin" ? await Generate(prompt, "-") : await Generate(null, "--prompt-file", path);

        Assert.True(run.ExitCode == 2, run.ToString());
        var line = Assert.Single(run.StderrLines);
        Assert.StartsWith(source == "stdin" ? "error: PROMPT (stdin):" : "error: --prompt-file:", line, StringComparison.Ordinal);
        Assert.Contains("20000 characters", line, StringComparison.Ordinal);
        Assert.Equal(0, _simulator.CreatesReceived);
    }

    [Theory]
    [InlineData("", "-", "error: PROMPT (stdin): the prompt read from stdin is empty")]
    [InlineData(null, "--prompt-file", "error: --prompt-file: 'missing.txt' does not exist")]
    public async Task An_empty_stdin_or_a_missing_file_is_one_error_line(string? stdin, string arg, string expected)
    {
        var run = arg == "-" ? await Generate(stdin, "-") : await Generate(stdin, arg, "missing.txt");

        Assert.True(run.ExitCode == 2, run.ToString());
        Assert.Equal(expected, Assert.Single(run.StderrLines));
        Assert.Equal(0, _simulator.CreatesReceived);
    }

    [Fact]
    public async Task A_prompt_and_a_prompt_file_together_are_refused()
    {
        var run = await Generate(null, "a banana", "--prompt-file", "p.txt");

        Assert.True(run.ExitCode == 2, run.ToString());
        Assert.Contains("give the prompt once", Assert.Single(run.StderrLines), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Without_any_prompt_the_error_says_the_three_ways_to_give_one()
    {
        var run = await Cli.RunAsync(["generate"]);

        Assert.True(run.ExitCode == 2, run.ToString());
        var line = Assert.Single(run.StderrLines);
        Assert.Contains("PROMPT", line, StringComparison.Ordinal);
        Assert.Contains("--prompt-file", line, StringComparison.Ordinal);
        Assert.Contains("'-'", line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_batch_reads_its_lines_from_stdin_with_the_same_checks()
    {
        var good = await Cli.RunAsync(["batch", "-", "--dry-run"], stdin: "{\"prompt\": \"@home a banana\"}\n{\"prompt\": \"a pear\"}\n");
        var bad = await Cli.RunAsync(["batch", "-", "--dry-run"], stdin: "{\"prompt\": \"a banana\"}\n{\"prompt\": \"\"}\n");

        Assert.True(good.ExitCode == 0, good.ToString());
        Assert.StartsWith("2 item(s) valid", Assert.Single(good.StdoutLines), StringComparison.Ordinal);
        Assert.True(bad.ExitCode == 2, bad.ToString());
        Assert.Contains("error: line 2: prompt:", bad.Stderr, StringComparison.Ordinal);
    }
}

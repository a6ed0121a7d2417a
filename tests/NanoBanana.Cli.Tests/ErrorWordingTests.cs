using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Time.Testing;
using NanoBanana.Cli;
using NanoBanana.Simulator;

namespace NanoBanana.Cli.Tests;

/// <summary>Errors in the user's words: the option they typed, rules in words, line numbers once, human durations, real causes.</summary>
public sealed class ErrorWordingTests : IDisposable
{
    private readonly NanoBananaSimulator _simulator = NanoBananaSimulator.Start(new SimulatorOptions { TaskDuration = TimeSpan.Zero });
    private readonly string _folder = Cli.TempFolder();

    public void Dispose()
    {
        _simulator.Dispose();
        Directory.Delete(_folder, recursive: true);
    }

    [Theory]
    [InlineData(new[] { "generate", "   " }, "error: PROMPT: must be present and not blank", "input.prompt")]
    [InlineData(new[] { "generate", "x", "--callback-url", "http://example.com/cb" }, "error: --callback-url: must be an absolute https URL", "callback_url")]
    public async Task Validation_names_the_argument_or_option_not_the_wire_field(string[] args, string expected, string wireField)
    {
        var run = await Cli.RunAsync([.. args, "--base-url", _simulator.Url.AbsoluteUri]);

        Assert.True(run.ExitCode == 2, run.ToString());
        var line = Assert.Single(run.StderrLines);
        Assert.StartsWith(expected, line, StringComparison.Ordinal);
        Assert.DoesNotContain(wireField, line, StringComparison.Ordinal);
        Assert.Equal(0, _simulator.CreatesReceived);
    }

    [Fact]
    public async Task A_bad_task_id_gets_the_rule_in_words()
    {
        var run = await Cli.RunAsync(["task", "get", "bad id!", "--base-url", _simulator.Url.AbsoluteUri]);

        Assert.True(run.ExitCode == 2, run.ToString());
        var line = Assert.Single(run.StderrLines);
        Assert.StartsWith("error: TASK_ID: 'bad id!' is not a task id", line, StringComparison.Ordinal);
        Assert.Contains("letters, digits", line, StringComparison.Ordinal);
        Assert.DoesNotContain("^[", line, StringComparison.Ordinal);
        Assert.Empty(_simulator.Requests);
    }

    [Fact]
    public async Task A_bad_json_line_is_named_by_its_line_number_once()
    {
        var path = Path.Combine(_folder, "in.jsonl");
        File.WriteAllLines(path, ["""{"prompt": "a"}""", """{"prompt": "b"}""", """{"prompt": "c"}""", "{x}"]);

        var run = await Cli.RunAsync(["batch", path, "--dry-run"]);

        Assert.True(run.ExitCode == 2, run.ToString());
        var line = Assert.Single(run.StderrLines, l => l.Contains("line 4", StringComparison.Ordinal));
        Assert.DoesNotContain("LineNumber", line, StringComparison.Ordinal);
        Assert.DoesNotContain("BytePositionInLine", line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_empty_batch_file_is_one_error_saying_so()
    {
        var path = Path.Combine(_folder, "empty.jsonl");
        File.WriteAllText(path, "\n\n");

        var run = await Cli.RunAsync(["batch", path, "--dry-run"]);

        Assert.True(run.ExitCode == 2, run.ToString());
        var line = Assert.Single(run.StderrLines);
        Assert.Contains("holds no item", line, StringComparison.Ordinal);
        Assert.DoesNotContain("invalid line", line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_port_in_use_says_so_on_one_line()
    {
        using var taken = new TcpListener(IPAddress.Loopback, 0);
        taken.Start();
        var port = ((IPEndPoint)taken.LocalEndpoint).Port;

        var run = await Cli.RunAsync(["mock", "--port", port.ToString(System.Globalization.CultureInfo.InvariantCulture)]);

        Assert.True(run.ExitCode == 1, run.ToString());
        var line = Assert.Single(run.StderrLines);
        Assert.StartsWith($"error: cannot start the simulator on 127.0.0.1:{port}: ", line, StringComparison.Ordinal);
        Assert.Contains("in use", line, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("One or more errors", line, StringComparison.Ordinal);
        Assert.DoesNotContain("unexpected", line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_tls_failure_shows_its_real_cause_on_one_line_without_verbose()
    {
        // The simulator speaks plain HTTP: an https URL to it fails in the TLS handshake.
        var https = new UriBuilder(_simulator.Url) { Scheme = "https" }.Uri.AbsoluteUri;

        var run = await Cli.RunAsync(["credits", "--base-url", https], Cli.WithKey("sk-tls-test-0123456789"), clock: new FakeTimeProvider());

        Assert.True(run.ExitCode == 1, run.ToString());
        var line = Assert.Single(run.StderrLines);
        Assert.Contains("TLS", line, StringComparison.Ordinal);
        Assert.DoesNotContain("see inner exception", line, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(500, "500 ms")]
    [InlineData(90_000, "1 min 30 s")]
    [InlineData(5_400_000, "1 h 30 min")]
    [InlineData(86_400_000, "1 d")]
    [InlineData(61_250, "1 min 1 s 250 ms")]
    public void Durations_print_for_people(long ms, string expected)
    {
        Assert.Equal(expected, Duration.Format(TimeSpan.FromMilliseconds(ms)));
    }

    [Fact]
    public async Task A_timeout_prints_a_human_duration()
    {
        using var slow = NanoBananaSimulator.Start(new SimulatorOptions { TaskDuration = TimeSpan.FromHours(1) });

        var run = await Cli.RunAsync(["generate", "a banana", "--timeout", "90s", "--base-url", slow.Url.AbsoluteUri], clock: new FakeTimeProvider());

        Assert.True(run.ExitCode == 7, run.ToString());
        Assert.Contains("did not finish within 1 min 30 s", run.Stderr, StringComparison.Ordinal);
    }
}

using Microsoft.Extensions.Time.Testing;
using NanoBanana.Simulator;
using NanoBanana.Testing;

namespace NanoBanana.Cli.Tests;

/// <summary>Every exit code, with the <c>--json</c> error object and the one line on stderr, on the simulator's faults.</summary>
public sealed class ExitCodeTests : IDisposable
{
    private const string Key = "sk-exit-code-test-key-9876";
    private readonly NanoBananaSimulator _simulator = NanoBananaSimulator.Start(new SimulatorOptions { TaskDuration = TimeSpan.Zero });
    private readonly string _out = Cli.TempFolder();

    public void Dispose()
    {
        _simulator.Dispose();
        Directory.Delete(_out, recursive: true);
    }

    private static Task<CliRun> Run(string[] args, FakeTimeProvider? clock = null) => Cli.RunAsync(args, Cli.WithKey(Key), clock: clock);

    private string[] Args(params string[] args) => [.. args, "--json", "--base-url", _simulator.Url.AbsoluteUri];

    private string[] GenerateArgs(params string[] args) => [.. Args(["generate", .. args]), "--out", _out];

    private static void AssertFailure(CliRun run, int exitCode, string code, int? status)
    {
        Assert.True(run.ExitCode == exitCode, run.ToString());
        var error = run.Json().GetProperty("error");
        Assert.Equal(code, error.GetProperty("code").GetString());
        Assert.False(string.IsNullOrWhiteSpace(error.GetProperty("message").GetString()));
        Assert.False(string.IsNullOrWhiteSpace(error.GetProperty("type").GetString()));
        if (status is null) Assert.Equal(System.Text.Json.JsonValueKind.Null, error.GetProperty("status").ValueKind);
        else Assert.Equal(status, error.GetProperty("status").GetInt32());
        var errorLine = Assert.Single(run.StderrLines, l => l.StartsWith("error: ", StringComparison.Ordinal));
        Assert.Contains(error.GetProperty("message").GetString()!, errorLine, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", run.Stderr, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("", "PROMPT: must be present and not blank")]
    [InlineData("x", "--image-url", "--image-url", "ftp://img.example/a.png")]
    [InlineData("x", "--callback-url", "--callback-url", "not a url")]
    public async Task Exit_2_for_a_validation_error_and_nothing_is_sent(string prompt, string field, params string[] extra)
    {
        var run = await Run(GenerateArgs([prompt, .. extra]));

        AssertFailure(run, 2, "validation_error", null);
        Assert.Contains(field, run.Stderr, StringComparison.Ordinal);
        Assert.Equal(0, _simulator.CreatesReceived);
    }

    [Fact]
    public async Task Exit_2_for_eleven_image_urls_naming_the_limit()
    {
        var urls = Enumerable.Range(1, 11).SelectMany(i => new[] { "--image-url", $"https://img.example/{i}.png" }).ToArray();

        var run = await Run(GenerateArgs(["x", .. urls]));

        AssertFailure(run, 2, "validation_error", null);
        Assert.Contains("--image-url: must be at most 10 items", run.Stderr, StringComparison.Ordinal);
        Assert.Equal(0, _simulator.CreatesReceived);
    }

    [Fact]
    public async Task Exit_2_for_a_remote_base_url_without_a_key()
    {
        var run = await Cli.RunAsync(["credits", "--json", "--base-url", "https://api.example.com"]);

        AssertFailure(run, 2, "validation_error", null);
        Assert.Contains("API key is required", run.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Exit_3_for_an_invalid_key()
    {
        var run = await Cli.RunAsync(["credits", "--json", "--base-url", _simulator.Url.AbsoluteUri], Cli.WithKey("not-a-valid-key"));

        AssertFailure(run, 3, "invalid_api_key", 401);
    }

    [Fact]
    public async Task Exit_3_for_a_permission_error()
    {
        _simulator.InjectFault(SimulatorFault.Error("ip_not_allowed", times: 10));

        var run = await Run(GenerateArgs("a banana"));

        AssertFailure(run, 3, "ip_not_allowed", 403);
    }

    [Fact]
    public async Task Exit_4_for_insufficient_credits()
    {
        _simulator.Credits = 0;

        var run = await Run(GenerateArgs("a banana"));

        AssertFailure(run, 4, "insufficient_credits", 402);
    }

    [Fact]
    public async Task Exit_4_for_the_spend_limit()
    {
        _simulator.InjectFault(SimulatorFault.Error("spend_limit_exceeded", times: 10, operation: SimulatorOperation.CreateTask));

        var run = await Run(GenerateArgs("a banana"));

        AssertFailure(run, 4, "spend_limit_exceeded", 429);
        Assert.Single(_simulator.Requests, r => r.Operation == SimulatorOperation.CreateTask);
    }

    [Fact]
    public async Task Exit_5_when_still_rate_limited_after_the_retries()
    {
        _simulator.InjectFault(SimulatorFault.RateLimit(TimeSpan.FromSeconds(1), times: 100, operation: SimulatorOperation.GetCredits));

        var run = await Run(Args("credits"), clock: new FakeTimeProvider());

        AssertFailure(run, 5, "rate_limit_exceeded", 429);
        Assert.True(_simulator.Requests.Count(r => r.Operation == SimulatorOperation.GetCredits) > 1, "reads are retried");
    }

    [Fact]
    public async Task Exit_6_when_the_task_fails()
    {
        var run = await Run(GenerateArgs("a banana [fail]"));

        AssertFailure(run, 6, "task_failed", null);
        Assert.Contains("upstream_error", run.Stderr, StringComparison.Ordinal);
        Assert.Empty(Directory.GetFiles(_out));
    }

    [Fact]
    public async Task A_failed_task_promises_a_refund_for_an_upstream_failure_as_the_docs_do()
    {
        var run = await Run(GenerateArgs("a banana [fail]", "--verbose"));

        Assert.True(run.ExitCode == 6, run.ToString());
        Assert.Contains("failed upstream (upstream_error): the docs say its credits are refunded", run.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Exit_7_on_timeout_with_the_task_id_and_the_command_that_resumes()
    {
        using var slow = NanoBananaSimulator.Start(new SimulatorOptions { TaskDuration = TimeSpan.FromHours(1) });

        var run = await Cli.RunAsync(["generate", "a banana", "--timeout", "90s", "--json", "--base-url", slow.Url.AbsoluteUri], Cli.WithKey(Key),
            clock: new FakeTimeProvider());

        AssertFailure(run, 7, "timeout", null);
        var id = slow.Requests.First(r => r.Operation == SimulatorOperation.GetTask).Path.Split('/')[^1];
        var message = run.Json().GetProperty("error").GetProperty("message").GetString()!;
        Assert.Contains($"task {id} did not finish within 1 min 30 s", message, StringComparison.Ordinal);
        Assert.Contains($"nanobanana task wait {id} --base-url {slow.Url.AbsoluteUri}", message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Exit_7_for_task_wait_too()
    {
        using var slow = NanoBananaSimulator.Start(new SimulatorOptions { TaskDuration = TimeSpan.FromHours(1) });
        var created = await Cli.RunAsync(["generate", "a banana", "--no-wait", "--base-url", slow.Url.AbsoluteUri]);
        var id = Assert.Single(created.StdoutLines);

        var run = await Cli.RunAsync(["task", "wait", id, "--timeout", "5m", "--json", "--base-url", slow.Url.AbsoluteUri], clock: new FakeTimeProvider());

        AssertFailure(run, 7, "timeout", null);
        Assert.Contains($"nanobanana task wait {id}", run.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Exit_8_when_the_create_outcome_is_unknown_and_the_create_is_not_retried()
    {
        _simulator.InjectFault(SimulatorFault.DropConnection(operation: SimulatorOperation.CreateTask));

        var run = await Run(GenerateArgs("a banana"), clock: new FakeTimeProvider());

        AssertFailure(run, 8, "outcome_unknown", null);
        Assert.Equal(1, _simulator.CreatesReceived);
    }

    [Fact]
    public async Task A_failure_after_the_create_names_the_created_task_and_the_command_that_follows_it()
    {
        _simulator.InjectFault(SimulatorFault.Error("task_not_found", times: 10, operation: SimulatorOperation.GetTask));

        var run = await Run(GenerateArgs("a banana"));

        AssertFailure(run, 1, "task_not_found", 404);
        var id = Assert.Single(_simulator.Requests, r => r.Operation == SimulatorOperation.GetTask).Path.Split('/')[^1];
        Assert.Contains(run.StderrLines, l => l.Contains($"task {id} was created", StringComparison.Ordinal)
                                              && l.Contains($"nanobanana task wait {id} --base-url {_simulator.Url.AbsoluteUri}", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Exit_1_for_another_api_error_with_its_code()
    {
        var run = await Run(Args("task", "get", "no-such-task"));

        AssertFailure(run, 1, "task_not_found", 404);
    }

    [Fact]
    public async Task Exit_1_for_a_network_error()
    {
        var port = LoopbackPorts.Free();

        var run = await Cli.RunAsync(["credits", "--json", "--base-url", $"http://127.0.0.1:{port}/"], Cli.WithKey(Key), clock: new FakeTimeProvider());

        AssertFailure(run, 1, "network_error", null);
    }
}

using Microsoft.Extensions.Time.Testing;
using NanoBanana.Client;
using NanoBanana.Simulator;

namespace NanoBanana.Cli.Tests;

/// <summary>
/// The API key never appears in stdout or stderr, in any mode: success, every failure, --json, --verbose. The one
/// place for the CLI's part of the secrets rule (tests/NanoBanana.Reliability.Tests/Secrets covers the client).
/// </summary>
public sealed class ApiKeyNeverPrintedTests : IDisposable
{
    private const string Key = "sk-NEVER-PRINT-THIS-5f2a9c";
    private readonly NanoBananaSimulator _simulator = NanoBananaSimulator.Start(new SimulatorOptions { TaskDuration = TimeSpan.Zero });
    private readonly string _out = Cli.TempFolder();

    public void Dispose()
    {
        _simulator.Dispose();
        Directory.Delete(_out, recursive: true);
    }

    public static TheoryData<string, string[]> Scenarios() => new()
    {
        { "success", ["generate", "a banana", "--out", "OUT"] },
        { "task failed", ["generate", "a banana [fail]", "--out", "OUT"] },
        { "validation", ["generate", "", "--out", "OUT"] },
        { "parse error", ["generate", "--nope"] },
        { "credits", ["credits"] },
        { "not found", ["task", "get", "missing-task"] },
        { "server error", ["credits", "FAULT:internal_error"] },
        { "permission", ["credits", "FAULT:ip_not_allowed"] },
        { "help", ["generate", "--help"] },
    };

    [Theory]
    [MemberData(nameof(Scenarios))]
    public async Task The_key_from_stdin_is_never_printed(string scenario, string[] args)
    {
        foreach (var json in new[] { false, true })
        {
            var run = await RunAsync(args, json, viaEnvironment: false);
            Assert.False(run.Stdout.Contains(Key, StringComparison.Ordinal) || run.Stderr.Contains(Key, StringComparison.Ordinal), $"{scenario} (json: {json}) printed the key:\n{run}");
        }
    }

    [Theory]
    [MemberData(nameof(Scenarios))]
    public async Task The_key_from_the_environment_is_never_printed(string scenario, string[] args)
    {
        var run = await RunAsync(args, json: true, viaEnvironment: true);
        Assert.False(run.Stdout.Contains(Key, StringComparison.Ordinal) || run.Stderr.Contains(Key, StringComparison.Ordinal), $"{scenario} printed the key:\n{run}");
    }

    public static TheoryData<string> FaultKinds()
    {
        var kinds = new TheoryData<string> { "healthy" };
        foreach (var kind in Enum.GetValues<SimulatorFaultKind>()) kinds.Add(kind.ToString());
        return kinds;
    }

    [Theory]
    [MemberData(nameof(FaultKinds))]
    public async Task Every_command_in_every_mode_keeps_the_key_out_of_its_output(string fault)
    {
        var taskId = await CreateTaskAsync();
        string[][] commands =
        [
            ["generate", "a banana", "--out", _out],
            ["generate", "a banana", "--no-wait"],
            ["task", "get", taskId],
            ["task", "wait", taskId, "--out", _out],
            ["credits"],
        ];
        var outcomes = new HashSet<int>();
        foreach (var command in commands)
        {
            foreach (var (json, verbose) in new[] { (false, false), (true, false), (false, true), (true, true) })
            {
                _simulator.ClearFaults();
                if (fault != "healthy") _simulator.InjectFault(Fault(Enum.Parse<SimulatorFaultKind>(fault)));
                List<string> args = [.. command, "--base-url", _simulator.Url.AbsoluteUri];
                if (json) args.Add("--json");
                if (verbose) args.Add("--verbose");

                var run = await Cli.RunAsync([.. args], Cli.WithKey(Key), clock: new FakeTimeProvider());

                outcomes.Add(run.ExitCode);
                Assert.False(run.Stdout.Contains(Key, StringComparison.Ordinal) || run.Stderr.Contains(Key, StringComparison.Ordinal),
                    $"{string.Join(' ', command)} (fault: {fault}, json: {json}, verbose: {verbose}) printed the key:\n{run}");
            }
        }

        // The faults really bit: healthy runs all succeed, a fault that outlasts the retries makes some command fail.
        if (fault == "healthy") Assert.Equal([0], outcomes);
        else if (fault != nameof(SimulatorFaultKind.Delay)) Assert.Contains(outcomes, code => code != 0);
    }

    /// <summary>A fault of each kind, outlasting the client's retries where the kind is retried.</summary>
    private static SimulatorFault Fault(SimulatorFaultKind kind) => kind switch
    {
        SimulatorFaultKind.Error => SimulatorFault.Error("internal_error", times: 20),
        SimulatorFaultKind.Delay => SimulatorFault.Latency(TimeSpan.FromMilliseconds(50), times: 2),
        SimulatorFaultKind.DropConnection => SimulatorFault.DropConnection(times: 20),
        SimulatorFaultKind.MalformedBody => SimulatorFault.MalformedBody(times: 20),
        SimulatorFaultKind.RateLimit => SimulatorFault.RateLimit(TimeSpan.FromSeconds(1), times: 20),
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "a fault kind this test does not know yet: add it"),
    };

    private async Task<string> CreateTaskAsync()
    {
        using var client = new NanoBananaClient(new NanoBananaClientOptions { ApiKey = Key, BaseUrl = _simulator.Url });
        return (await client.StartGenerationAsync("a banana")).TaskId;
    }

    [Fact]
    public async Task A_key_the_api_rejects_is_not_echoed()
    {
        const string badKey = "bad-key-NEVER-PRINT-77";
        var run = await Cli.RunAsync(["credits", "--verbose", "--json", "--base-url", _simulator.Url.AbsoluteUri], Cli.WithKey(badKey));

        Assert.Equal(3, run.ExitCode);
        Assert.DoesNotContain(badKey, run.Stdout + run.Stderr, StringComparison.Ordinal);
    }

    private Task<CliRun> RunAsync(string[] args, bool json, bool viaEnvironment)
    {
        var fault = args.FirstOrDefault(a => a.StartsWith("FAULT:", StringComparison.Ordinal));
        if (fault is not null) _simulator.InjectFault(SimulatorFault.Error(fault["FAULT:".Length..], times: 20));
        var list = args.Where(a => a != fault).Select(a => a == "OUT" ? _out : a).ToList();
        list.AddRange(["--verbose", "--base-url", _simulator.Url.AbsoluteUri]);
        if (json) list.Add("--json");
        if (!viaEnvironment) list.AddRange(["--api-key-file", "-"]);
        var env = viaEnvironment ? Cli.WithKey(Key) : null;
        return Cli.RunAsync([.. list], env, clock: new FakeTimeProvider(), stdin: viaEnvironment ? null : Key + "\n");
    }
}

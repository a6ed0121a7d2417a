using Microsoft.Extensions.Time.Testing;
using NanoBanana.Simulator;

namespace NanoBanana.Cli.Tests;

/// <summary>The API key never appears in stdout or stderr, in any mode: success, every failure, --json, --verbose.</summary>
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
    public async Task The_key_from_the_option_is_never_printed(string scenario, string[] args)
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

    [Fact]
    public async Task A_key_the_api_rejects_is_not_echoed()
    {
        const string badKey = "bad-key-NEVER-PRINT-77";
        var run = await Cli.RunAsync(["credits", "--verbose", "--json", "--base-url", _simulator.Url.AbsoluteUri, "--api-key", badKey]);

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
        if (!viaEnvironment) list.AddRange(["--api-key", Key]);
        var env = viaEnvironment ? new Dictionary<string, string> { ["NANOBANANA_API_KEY"] = Key } : null;
        return Cli.RunAsync([.. list], env, clock: new FakeTimeProvider());
    }
}

using System.Diagnostics;
using System.Net;
using System.Net.NetworkInformation;
using System.Net.Sockets;
using Microsoft.Extensions.Time.Testing;
using NanoBanana.Simulator;
using NanoBanana.Testing;

namespace NanoBanana.Cli.Tests;

/// <summary>
/// The CLI keeps secrets and terminals clean: the key never comes from argv, an API that echoes the Authorization
/// header (behind terminal escape sequences) into every text field gets neither the key nor an escape sequence into
/// any output of any command (stdout, stderr, the batch ledger's bytes), and <c>mock</c> listens on loopback only
/// unless told otherwise, printing the address it bound.
/// </summary>
public sealed class CliSecurityTests : IDisposable
{
    private const string Key = "key-ECHO-5f2a9c7d1e";
    private readonly string _folder = Cli.TempFolder();

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public async Task A_key_on_the_command_line_is_refused_naming_the_alternatives_and_nothing_is_sent()
    {
        using var simulator = NanoBananaSimulator.Start(new SimulatorOptions { TaskDuration = TimeSpan.Zero });

        var run = await Cli.RunAsync(["generate", "a banana", "--api-key", "sk-live-argv-0123456789", "--base-url", simulator.Url.AbsoluteUri, "--json"]);

        Assert.Equal(ExitCodes.InvalidArguments, run.ExitCode);
        Assert.Contains("NANOBANANA_API_KEY", run.Stderr, StringComparison.Ordinal);
        Assert.Contains("--api-key-file", run.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("argv-0123456789", run.Stdout + run.Stderr, StringComparison.Ordinal);
        Assert.Empty(simulator.Requests);
    }

    [Fact]
    public async Task The_key_comes_from_a_file_or_stdin()
    {
        using var simulator = NanoBananaSimulator.Start(new SimulatorOptions { TaskDuration = TimeSpan.Zero });
        var file = Path.Combine(_folder, "key");
        await File.WriteAllTextAsync(file, "sk-from-file-0123\n");

        var fromFile = await Cli.RunAsync(["credits", "--api-key-file", file, "--base-url", simulator.Url.AbsoluteUri]);
        var fromStdin = await Cli.RunAsync(["credits", "--api-key-file", "-", "--base-url", simulator.Url.AbsoluteUri], stdin: "sk-from-stdin-4567\n");
        var missing = await Cli.RunAsync(["credits", "--api-key-file", Path.Combine(_folder, "nope"), "--base-url", simulator.Url.AbsoluteUri]);

        Assert.Equal(0, fromFile.ExitCode);
        Assert.Equal(0, fromStdin.ExitCode);
        Assert.Equal(["Bearer sk-from-file-0123", "Bearer sk-from-stdin-4567"], simulator.Requests.Select(r => r.Authorization));
        Assert.Equal(ExitCodes.InvalidArguments, missing.ExitCode);
        Assert.Contains("--api-key-file", missing.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_API_that_echoes_the_key_behind_escape_sequences_gets_neither_into_any_output_of_any_command()
    {
        await using var api = new EchoingApi();
        var env = new Dictionary<string, string> { ["NANOBANANA_API_KEY"] = Key, ["NANOBANANA_BASE_URL"] = api.Url.AbsoluteUri };
        var batchFile = Path.Combine(_folder, "in.jsonl");
        await File.WriteAllLinesAsync(batchFile, ["""{"prompt":"one","id":"a"}""", """{"prompt":"two [fail]","id":"b"}"""]);
        var outputs = Path.Combine(_folder, "out");
        string[][] commands =
        [
            ["generate", "a banana", "--out", outputs],
            ["generate", "a banana [fail]", "--out", outputs],
            ["generate", "a banana [unknown]", "--timeout", "20s", "--out", outputs],
            ["generate", "a banana", "--no-wait"],
            ["task", "get", "echo-done-1"],
            ["task", "get", "echo-failed-2"],
            ["task", "get", "echo-unknown-3"],
            ["task", "get", "missing-task"],
            ["task", "wait", "echo-done-1", "--out", outputs],
            ["task", "wait", "echo-failed-2", "--out", outputs],
            ["credits"],
            ["batch", batchFile, "--out", Path.Combine(_folder, "batch"), "--yes"],
            ["batch", "status", Path.Combine(_folder, "batch")],
            ["batch", "--resume", Path.Combine(_folder, "batch"), "--yes"],
        ];
        var seen = 0;
        foreach (var command in commands)
        {
            foreach (var (json, verbose) in new[] { (false, false), (true, true) })
            {
                List<string> args = [.. command];
                if (json) args.Add("--json");
                if (verbose) args.Add("--verbose");
                var run = await Cli.RunAsync([.. args], env, clock: new FakeTimeProvider(FakeClock.Start));
                var output = run.Stdout + run.Stderr;
                seen += output.Length;
                Assert.False(output.Contains(Key, StringComparison.Ordinal), $"{string.Join(' ', args)} printed the key:\n{run}");
                Assert.False(output.Contains('\u001b') || output.Contains('\u0007') || output.Contains('\r'), $"{string.Join(' ', args)} printed an escape sequence:\n{run}");
            }
        }

        // The double did echo (every task read carried it), and the commands did reach it.
        Assert.All(api.Requests.Where(r => r.Path.StartsWith("/v1/", StringComparison.Ordinal)), r => Assert.Equal("Bearer " + Key, r.Authorization));
        Assert.True(api.Received("/v1/tasks/") > 10);
        Assert.True(seen > 0);
        foreach (var file in Directory.EnumerateFiles(_folder, "*", SearchOption.AllDirectories))
        {
            var bytes = await File.ReadAllBytesAsync(file);
            Assert.False(System.Text.Encoding.UTF8.GetString(bytes).Contains(Key, StringComparison.Ordinal), $"{file} holds the key");
        }

        Assert.True(File.Exists(Path.Combine(_folder, "batch", ".nanobanana-batch.db")));
    }

    [Fact]
    public async Task Invalid_UTF8_in_a_batch_file_is_bad_input_naming_the_line_and_nothing_is_sent()
    {
        using var simulator = NanoBananaSimulator.Start(new SimulatorOptions { TaskDuration = TimeSpan.Zero });
        var file = Path.Combine(_folder, "in.jsonl");
        await File.WriteAllBytesAsync(file, [.. "{\"prompt\":\"fine\"}\n{\"prompt\":\"bad "u8, 0xFF, 0xFE, .. "\"}\n"u8]);

        var run = await Cli.RunAsync(["batch", file, "--out", Path.Combine(_folder, "out"), "--yes", "--base-url", simulator.Url.AbsoluteUri], Cli.WithKey("sk-simulator"));

        Assert.Equal(ExitCodes.InvalidArguments, run.ExitCode);
        Assert.Contains("line 2: not valid UTF-8", run.Stderr, StringComparison.Ordinal);
        Assert.Equal(0, simulator.CreatesReceived);
    }

    [Theory]
    [InlineData("0.0.0.0")]
    [InlineData("*")]
    [InlineData("192.0.2.10")]
    public async Task Mock_refuses_a_non_loopback_host_without_allow_remote(string host)
    {
        var run = await Cli.RunAsync(["mock", "--host", host, "--port", "0"]);

        Assert.Equal(ExitCodes.InvalidArguments, run.ExitCode);
        Assert.Contains("--allow-remote", run.Stderr, StringComparison.Ordinal);
        Assert.Equal(string.Empty, run.Stdout);
    }

    [Fact]
    public async Task Mock_binds_the_loopback_address_it_prints_and_nothing_else()
    {
        using var process = ToolProcess.Start("mock", "--host", "localhost");
        try
        {
            var line = await process.StandardOutput.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(30));
            var url = new Uri(line!);

            Assert.Equal("127.0.0.1", url.Host);
            using (var client = new TcpClient())
            {
                await client.ConnectAsync(IPAddress.Loopback, url.Port);
            }

            // From any other address of this machine, nothing listens on that port.
            foreach (var address in LocalNonLoopbackAddresses())
            {
                using var other = new TcpClient(address.AddressFamily);
                await Assert.ThrowsAnyAsync<SocketException>(() => other.ConnectAsync(address, url.Port));
            }
        }
        finally
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }
    }

    private static IEnumerable<IPAddress> LocalNonLoopbackAddresses() =>
        NetworkInterface.GetAllNetworkInterfaces()
            .Where(n => n.OperationalStatus == OperationalStatus.Up)
            .SelectMany(n => n.GetIPProperties().UnicastAddresses)
            .Select(a => a.Address)
            .Where(a => !IPAddress.IsLoopback(a) && a.AddressFamily == AddressFamily.InterNetwork);
}

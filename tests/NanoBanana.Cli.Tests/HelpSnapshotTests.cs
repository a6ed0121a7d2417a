using System.Reflection;
using System.Text;
using NanoBanana.Cli;

namespace NanoBanana.Cli.Tests;

/// <summary>
/// Every command's <c>--help</c>, compared with <c>Snapshots/help.txt</c>: a changed help text is a diff in review.
/// After an intended change, regenerate it with <c>UPDATE_SNAPSHOTS=1 dotnet test tests/NanoBanana.Cli.Tests --filter HelpSnapshotTests</c>
/// and review <c>git diff</c>.
/// </summary>
public class HelpSnapshotTests
{
    private static readonly string[][] Commands =
    [
        [],
        ["generate"],
        ["task"],
        ["task", "get"],
        ["task", "wait"],
        ["credits"],
        ["mock"],
        ["batch"],
        ["batch", "status"],
        ["batch", "worker"],
    ];

    private static async Task<string> HelpAsync(string[] command)
    {
        var run = await Cli.RunAsync([.. command, "--help"]);
        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Empty(run.Stderr);
        return run.Stdout.Replace("\r\n", "\n", StringComparison.Ordinal);
    }

    [Fact]
    public async Task Every_commands_help_matches_the_snapshot()
    {
        var text = new StringBuilder();
        foreach (var command in Commands)
        {
            text.Append("$ nanobanana ").AppendJoin(' ', [.. command, "--help"]).Append('\n');
            text.Append(await HelpAsync(command)).Append('\n');
        }

        var path = SnapshotPath();
        var actual = text.ToString();
        if (Environment.GetEnvironmentVariable("UPDATE_SNAPSHOTS") == "1")
        {
            File.WriteAllText(path, actual);
            return;
        }

        Assert.True(File.Exists(path), $"no snapshot at {path}: run with UPDATE_SNAPSHOTS=1 to write it");
        Assert.Equal(File.ReadAllText(path).Replace("\r\n", "\n", StringComparison.Ordinal), actual);
    }

    [Fact]
    public void The_snapshot_covers_every_command()
    {
        var tree = new CommandTree(new CliHost(TextWriter.Null, TextWriter.Null, _ => null));
        var all = new List<string>();
        void Walk(System.CommandLine.Command command, string path)
        {
            all.Add(path);
            foreach (var sub in command.Subcommands) Walk(sub, (path + " " + sub.Name).Trim());
        }

        Walk(tree.Root, string.Empty);
        Assert.Equal(all.Order(), Commands.Select(c => string.Join(' ', c)).Order());
    }

    [Theory]
    [InlineData("mock")]
    [InlineData("batch status")]
    public async Task Options_that_do_nothing_on_a_command_are_not_listed(string command)
    {
        var options = (await HelpAsync(command.Split(' '))).Split('\n').Where(l => l.StartsWith("  -", StringComparison.Ordinal)).ToList();

        Assert.NotEmpty(options);
        Assert.DoesNotContain(options, l => l.Contains("--base-url", StringComparison.Ordinal));
        Assert.DoesNotContain(options, l => l.Contains("--api-key", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("mock", "--base-url", "http://127.0.0.1:1/")]
    [InlineData("batch status", "--base-url", "http://127.0.0.1:1/")]
    public async Task Such_an_option_given_anyway_is_an_error(string command, string option, string value)
    {
        var run = await Cli.RunAsync([.. command.Split(' '), ".", option, value]);

        Assert.True(run.ExitCode == 2, run.ToString());
    }

    [Fact]
    public async Task Batch_status_usage_reads_as_it_is_typed()
    {
        var help = await HelpAsync(["batch", "status"]);

        // DIR is optional: a PostgreSQL --ledger needs none.
        Assert.Contains("nanobanana batch status [<DIR>]", help, StringComparison.Ordinal);
        Assert.DoesNotContain("<FILE>", help, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("credits")]
    [InlineData("task get")]
    public async Task Json_is_described_for_what_the_command_prints(string command)
    {
        var help = await HelpAsync(command.Split(' '));
        var json = Assert.Single(help.Split('\n'), l => l.TrimStart().StartsWith("--json", StringComparison.Ordinal));

        Assert.DoesNotContain("\"files\"", json, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Mock_port_states_its_default_once()
    {
        var help = await HelpAsync(["mock"]);
        var port = Assert.Single(help.Split('\n'), l => l.Contains("--port", StringComparison.Ordinal));

        Assert.DoesNotContain("[default: 0]", port, StringComparison.Ordinal);
        Assert.Single(System.Text.RegularExpressions.Regex.Matches(port, "free port"));
    }

    private static string SnapshotPath() => Path.Combine(
        typeof(HelpSnapshotTests).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "SnapshotFolder").Value!,
        "help.txt");
}

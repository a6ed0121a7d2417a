namespace NanoBanana.Cli.Tests;

/// <summary>Commands that follow a task, run without a key or a base URL: the embedded simulator cannot know a task from an earlier command.</summary>
public class EmbeddedFollowUpTests
{
    [Theory]
    [InlineData("get")]
    [InlineData("wait")]
    public async Task Task_commands_explain_why_the_embedded_simulator_cannot_follow_a_task_and_what_works(string command)
    {
        var created = await Cli.RunAsync(["generate", "a banana", "--no-wait"]);
        Assert.True(created.ExitCode == 0, created.ToString());
        var id = Assert.Single(created.StdoutLines);

        var run = await Cli.RunAsync(["task", command, id]);

        Assert.True(run.ExitCode == 2, run.ToString());
        var line = Assert.Single(run.StderrLines);
        Assert.StartsWith("error: ", line, StringComparison.Ordinal);
        Assert.Contains("embedded simulator", line, StringComparison.Ordinal);
        Assert.Contains("nanobanana mock", line, StringComparison.Ordinal);
        Assert.Contains("--base-url", line, StringComparison.Ordinal);
        Assert.DoesNotContain("task_not_found", line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Generate_no_wait_on_the_embedded_simulator_says_how_to_create_a_task_that_can_be_followed()
    {
        var run = await Cli.RunAsync(["generate", "a banana", "--no-wait"]);

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Contains(run.StderrLines, l => l.Contains("nanobanana mock", StringComparison.Ordinal) && l.Contains("--base-url", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Credits_on_the_embedded_simulator_says_the_balance_is_not_an_accounts()
    {
        var run = await Cli.RunAsync(["credits"]);

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Equal(["1000 credits"], run.StdoutLines);
        var note = Assert.Single(run.StderrLines);
        Assert.Contains("not an account's", note, StringComparison.Ordinal);
        Assert.Contains("NANOBANANA_API_KEY", note, StringComparison.Ordinal);
    }
}

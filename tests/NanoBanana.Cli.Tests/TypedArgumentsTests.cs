using NanoBanana.Cli;
using NanoBanana.Client;

namespace NanoBanana.Cli.Tests;

/// <summary>The command line as people type it: short options, typo suggestions, one message per line, errors naming what was typed.</summary>
public class TypedArgumentsTests
{
    [Fact]
    public void Common_options_have_short_forms()
    {
        var tree = new CommandTree(new CliHost(TextWriter.Null, TextWriter.Null, _ => null));

        var result = tree.Root.Parse(["generate", "a cat", "-a", "16:9", "-i", "https://a.example/1.png", "-o", "imgs", "-t", "90s", "-v", "-f", "p.txt"]);

        Assert.Empty(result.Errors);
        Assert.Equal(AspectRatio.Landscape16x9, result.GetValue<AspectRatio?>("--aspect-ratio"));
        Assert.Equal(["https://a.example/1.png"], result.GetValue<string[]>("--image-url")!);
        Assert.Equal("imgs", result.GetValue<string?>("--out"));
        Assert.Equal(TimeSpan.FromSeconds(90), result.GetValue<TimeSpan?>("--timeout"));
        Assert.Equal("p.txt", result.GetValue<string?>("--prompt-file"));
        Assert.True(result.GetValue(tree.Verbose));
        Assert.Empty(tree.Root.Parse(["task", "wait", "abc", "-o", "imgs", "-t", "5m"]).Errors);
        Assert.Empty(tree.Root.Parse(["mock", "-p", "5100"]).Errors);
    }

    [Fact]
    public async Task Out_short_form_saves_where_it_says()
    {
        var folder = Cli.TempFolder();
        try
        {
            var run = await Cli.RunAsync(["generate", "a banana", "-o", folder]);

            Assert.True(run.ExitCode == 0, run.ToString());
            Assert.Equal(folder, Path.GetDirectoryName(Assert.Single(run.StdoutLines)));
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Theory]
    [InlineData(new[] { "generat", "a banana" }, "error: unknown command 'generat'; did you mean 'generate'?")]
    [InlineData(new[] { "credit" }, "error: unknown command 'credit'; did you mean 'credits'?")]
    [InlineData(new[] { "task", "wiat", "abc" }, "error: unknown command 'wiat'; did you mean 'wait'?")]
    [InlineData(new[] { "generate", "x", "--aspct-ratio", "1:1" }, "error: unknown option '--aspct-ratio'; did you mean '--aspect-ratio'?")]
    [InlineData(new[] { "generate", "x", "--no-wiat" }, "error: unknown option '--no-wiat'; did you mean '--no-wait'?")]
    [InlineData(new[] { "generate", "x", "--promt-file", "p.txt" }, "error: unknown option '--promt-file'; did you mean '--prompt-file'?")]
    public async Task A_typo_gets_one_line_with_a_suggestion(string[] args, string expected)
    {
        var run = await Cli.RunAsync(args);

        Assert.True(run.ExitCode == 2, run.ToString());
        var line = Assert.Single(run.StderrLines);
        Assert.StartsWith(expected, line, StringComparison.Ordinal);
        Assert.Contains("--help", line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Several_errors_are_one_message_per_line_never_joined()
    {
        var run = await Cli.RunAsync(["generate", "x", "--timeout", "5x", "--aspect-ratio", "7:3"]);

        Assert.True(run.ExitCode == 2, run.ToString());
        Assert.Equal(2, run.StderrLines.Length);
        Assert.All(run.StderrLines, l => Assert.StartsWith("error: ", l, StringComparison.Ordinal));
        Assert.DoesNotContain(".;", run.Stderr, StringComparison.Ordinal);
        Assert.Contains(run.StderrLines, l => l.StartsWith("error: --timeout: '5x' is not a duration", StringComparison.Ordinal));
        Assert.Contains(run.StderrLines, l => l.StartsWith("error: --aspect-ratio: '7:3' is not an aspect ratio", StringComparison.Ordinal));
    }

    [Fact]
    public async Task An_error_names_the_option_as_it_was_typed()
    {
        var run = await Cli.RunAsync(["generate", "x", "-t", "soon"]);

        Assert.True(run.ExitCode == 2, run.ToString());
        Assert.StartsWith("error: -t: 'soon' is not a duration", Assert.Single(run.StderrLines), StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_option_given_twice_is_one_line_in_words()
    {
        var run = await Cli.RunAsync(["--base-url", "http://127.0.0.1:1/", "credits", "--base-url", "http://127.0.0.1:2/"]);

        Assert.True(run.ExitCode == 2, run.ToString());
        Assert.StartsWith("error: --base-url is given 2 times; give it once", Assert.Single(run.StderrLines), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_missing_command_lists_the_commands()
    {
        var run = await Cli.RunAsync([]);

        Assert.True(run.ExitCode == 2, run.ToString());
        var line = Assert.Single(run.StderrLines);
        Assert.Contains("generate, task, credits, mock, batch", line, StringComparison.Ordinal);
    }
}

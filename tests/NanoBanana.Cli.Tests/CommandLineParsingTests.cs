using System.CommandLine;
using NanoBanana.Cli;
using NanoBanana.Client;

namespace NanoBanana.Cli.Tests;

/// <summary>The command tree alone: names, global options anywhere, value parsing. No command runs.</summary>
public class CommandLineParsingTests
{
    private static (CommandTree Tree, ParseResult Result) Parse(params string[] args)
    {
        var tree = new CommandTree(new CliHost(TextWriter.Null, TextWriter.Null, _ => null));
        return (tree, tree.Root.Parse(args));
    }

    [Theory]
    [InlineData("--api-key-file", "k1", "--base-url", "http://127.0.0.1:5000", "--verbose", "generate", "a cat")]
    [InlineData("generate", "--api-key-file", "k1", "a cat", "--base-url", "http://127.0.0.1:5000", "--verbose")]
    [InlineData("generate", "a cat", "--verbose", "--base-url", "http://127.0.0.1:5000", "--api-key-file", "k1")]
    [InlineData("--verbose", "generate", "a cat", "--api-key-file=k1", "--base-url=http://127.0.0.1:5000")]
    public void Global_options_stand_before_or_after_the_commands_arguments(params string[] args)
    {
        var (tree, result) = Parse(args);

        Assert.Empty(result.Errors);
        Assert.Equal("generate", result.CommandResult.Command.Name);
        Assert.Equal("k1", result.GetValue(tree.ApiKeyFile));
        Assert.Equal("http://127.0.0.1:5000", result.GetValue(tree.BaseUrl));
        Assert.True(result.GetValue(tree.Verbose));
        Assert.Equal("a cat", result.GetValue<string>("PROMPT"));
    }

    [Theory]
    [InlineData("task", "get", "abc", "--api-key-file", "k1")]
    [InlineData("--api-key-file", "k1", "task", "get", "abc")]
    [InlineData("task", "--api-key-file", "k1", "get", "abc")]
    public void Global_options_reach_nested_commands(params string[] args)
    {
        var (tree, result) = Parse(args);

        Assert.Empty(result.Errors);
        Assert.Equal("get", result.CommandResult.Command.Name);
        Assert.Equal("k1", result.GetValue(tree.ApiKeyFile));
        Assert.Equal("abc", result.GetValue<string>("TASK_ID"));
    }

    [Fact]
    public void Generate_reads_every_option()
    {
        var (_, result) = Parse("generate", "a cat", "--aspect-ratio", "16:9", "--image-url", "https://a.example/1.png",
            "--image-url", "https://a.example/2.png", "--callback-url", "https://me.example/cb", "--out", "imgs",
            "--no-wait", "--timeout", "1h30m", "--json");

        Assert.Empty(result.Errors);
        Assert.Equal(AspectRatio.Landscape16x9, result.GetValue<AspectRatio?>("--aspect-ratio"));
        Assert.Equal(["https://a.example/1.png", "https://a.example/2.png"], result.GetValue<string[]>("--image-url")!);
        Assert.Equal("https://me.example/cb", result.GetValue<string?>("--callback-url"));
        Assert.Equal("imgs", result.GetValue<string?>("--out"));
        Assert.True(result.GetValue<bool>("--no-wait"));
        Assert.Equal(TimeSpan.FromMinutes(90), result.GetValue<TimeSpan?>("--timeout"));
        Assert.True(result.GetValue<bool>("--json"));
    }

    [Theory]
    [InlineData("auto", AspectRatio.Auto)]
    [InlineData("1:1", AspectRatio.Square)]
    [InlineData("9:16", AspectRatio.Portrait9x16)]
    public void Aspect_ratios_are_spelled_as_the_api_spells_them(string text, AspectRatio expected)
    {
        var (_, result) = Parse("generate", "x", "--aspect-ratio", text);
        Assert.Empty(result.Errors);
        Assert.Equal(expected, result.GetValue<AspectRatio?>("--aspect-ratio"));
    }

    [Theory]
    [InlineData("--aspect-ratio", "7:3", "--aspect-ratio: '7:3' is not an aspect ratio; use one of 1:1")]
    [InlineData("--timeout", "soon", "--timeout: 'soon' is not a duration")]
    [InlineData("--timeout", "0s", "--timeout: '0s' must be greater than zero")]
    public void Bad_values_are_parse_errors_naming_the_option(string option, string value, string message)
    {
        var (_, result) = Parse("generate", "x", option, value);
        Assert.Contains(result.Errors, e => e.Message.StartsWith(message, StringComparison.Ordinal));
    }

    [Fact]
    public void Mock_defaults_to_loopback_and_a_free_port()
    {
        var (_, result) = Parse("mock");
        Assert.Empty(result.Errors);
        Assert.Equal("127.0.0.1", result.GetValue<string>("--host"));
        Assert.Equal(0, result.GetValue<int>("--port"));
    }

    [Theory]
    [InlineData("70000")]
    [InlineData("-1")]
    [InlineData("http")]
    public void Mock_rejects_a_port_out_of_range(string port)
    {
        var (_, result) = Parse("mock", "--port", port);
        Assert.Contains(result.Errors, e => e.Message.Contains("--port", StringComparison.Ordinal));
    }
}

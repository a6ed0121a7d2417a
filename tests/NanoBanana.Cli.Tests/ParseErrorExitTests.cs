using System.Text.Json;
using NanoBanana.Cli;

namespace NanoBanana.Cli.Tests;

/// <summary>Invalid arguments: exit 2, one line on stderr, nothing on stdout (or one JSON error with --json), nothing sent.</summary>
public class ParseErrorExitTests
{
    private static async Task<(int Code, string Out, string Err)> RunAsync(params string[] args)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        var code = await CliApp.RunAsync(args, stdout, stderr, _ => null);
        return (code, stdout.ToString(), stderr.ToString());
    }

    [Theory]
    [InlineData("generate")]
    [InlineData("generate", "x", "--timeout", "5x")]
    [InlineData("generate", "x", "--aspect-ratio", "7:3")]
    [InlineData("generate", "x", "--no-such-option")]
    [InlineData("task", "get")]
    [InlineData("task", "wait", "abc", "--timeout", "never")]
    [InlineData("frobnicate")]
    [InlineData()]
    public async Task Invalid_arguments_exit_2_with_one_line_on_stderr(params string[] args)
    {
        var (code, stdout, stderr) = await RunAsync(args);

        Assert.Equal(2, code);
        Assert.Equal(string.Empty, stdout);
        var line = Assert.Single(stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith("error: ", line, StringComparison.Ordinal);
        Assert.Contains("--help", line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Invalid_arguments_with_json_print_one_validation_error_object()
    {
        var (code, stdout, _) = await RunAsync("generate", "x", "--json", "--timeout", "5x");

        Assert.Equal(2, code);
        using var doc = JsonDocument.Parse(stdout);
        var error = doc.RootElement.GetProperty("error");
        Assert.Equal("validation_error", error.GetProperty("code").GetString());
        Assert.Contains("--timeout", error.GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.Equal(JsonValueKind.Null, error.GetProperty("status").ValueKind);
        Assert.True(error.TryGetProperty("type", out _));
        Assert.Single(doc.RootElement.EnumerateObject());
    }

    [Fact]
    public async Task A_parse_error_never_echoes_the_api_key()
    {
        var (code, stdout, stderr) = await RunAsync("generate", "--api-key", "sk-live-secret-123", "--json", "--unknown", "sk-live-secret-123");

        Assert.Equal(2, code);
        Assert.DoesNotContain("sk-live-secret-123", stdout, StringComparison.Ordinal);
        Assert.DoesNotContain("sk-live-secret-123", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Help_exits_0_on_stdout()
    {
        var (code, stdout, _) = await RunAsync("generate", "--help");

        Assert.Equal(0, code);
        Assert.Contains("--aspect-ratio", stdout, StringComparison.Ordinal);
        Assert.Contains("nanobanana generate", stdout, StringComparison.Ordinal);
    }
}

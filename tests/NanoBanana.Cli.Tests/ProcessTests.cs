using System.Diagnostics;
using System.Net.Http.Headers;
using System.Runtime.InteropServices;

namespace NanoBanana.Cli.Tests;

/// <summary>The built tool as a real process (<c>dotnet nanobanana.dll</c>): <c>mock</c>'s lifecycle and exit codes.</summary>
public sealed class ProcessTests
{

    [Fact]
    public async Task Mock_prints_its_base_url_first_serves_requests_and_stops_on_sigterm()
    {
        Assert.True(OperatingSystem.IsLinux() || OperatingSystem.IsMacOS(), "SIGTERM needs a POSIX system");
        using var process = ToolProcess.Start("mock");
        var stderr = process.StandardError.ReadToEndAsync();
        try
        {
            var first = await process.StandardOutput.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(20));
            Assert.True(Uri.TryCreate(first, UriKind.Absolute, out var url), $"first line is not a URL: '{first}'");
            Assert.Equal("127.0.0.1", url.Host);

            using var http = new HttpClient { BaseAddress = url };
            http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", "sk-simulator");
            var credits = await http.GetStringAsync("v1/credits");
            Assert.Contains("\"credits\"", credits, StringComparison.Ordinal);

            Assert.Equal(0, Kill(process.Id, Signal.Term));
            await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(20));
            Assert.Equal(0, process.ExitCode);
            Assert.Contains("stopped", await stderr, StringComparison.Ordinal);
        }
        finally
        {
            if (!process.HasExited) process.Kill(entireProcessTree: true);
        }
    }

    [Fact]
    public async Task Mock_follows_the_spec_file_it_is_given()
    {
        // A copy of the contract with an optional field added (with an example) and one removed: the answers follow it.
        var folder = Cli.TempFolder();
        var spec = Path.Combine(folder, "edited.yaml");
        var yaml = NanoBanana.Testing.ContractCopies.WithSeedAddedAndTaskFieldRemoved("created_at");
        await File.WriteAllTextAsync(spec, yaml);
        using var process = ToolProcess.Start("mock", "--spec", spec);
        var stderr = process.StandardError.ReadToEndAsync();
        try
        {
            var first = await process.StandardOutput.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(20));
            Assert.True(Uri.TryCreate(first, UriKind.Absolute, out var url), $"first line is not a URL: '{first}'");
            using var http = new HttpClient { BaseAddress = url };
            http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", "sk-simulator");
            using var created = await http.PostAsync("v1/images/generations", new StringContent("""{"model":"nano-banana-2-lite","input":{"prompt":"a banana"}}""", System.Text.Encoding.UTF8, "application/json"));
            var id = System.Text.Json.Nodes.JsonNode.Parse(await created.Content.ReadAsStringAsync())!["data"]!["taskId"]!.GetValue<string>();

            var task = System.Text.Json.Nodes.JsonNode.Parse(await http.GetStringAsync("v1/tasks/" + id))!.AsObject();

            Assert.Equal(42, task["seed"]!.GetValue<long>());
            Assert.False(task.ContainsKey("created_at"), task.ToJsonString());
        }
        finally
        {
            if (!process.HasExited) process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public async Task Exit_codes_reach_the_shell()
    {
        var folder = Cli.TempFolder();
        try
        {
            Assert.Equal(0, await ExitCodeAsync("generate", "a banana", "--out", folder));
            Assert.True(Cli.IsPng(Assert.Single(Directory.GetFiles(folder))));
            Assert.Equal(2, await ExitCodeAsync("generate", "a banana", "--timeout", "soon"));
            Assert.Equal(6, await ExitCodeAsync("generate", "a banana [fail]", "--out", folder));
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    private static async Task<int> ExitCodeAsync(params string[] args)
    {
        using var process = ToolProcess.Start(args);
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(60));
        await Task.WhenAll(stdout, stderr);
        return process.ExitCode;
    }

    private enum Signal
    {
        Term = 15,
    }

    [DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static extern int Kill(int pid, Signal signal);
}

using System.Text.Json;
using Microsoft.Extensions.Time.Testing;
using NanoBanana.Cli;
using NanoBanana.Testing;

namespace NanoBanana.Cli.Tests;

/// <summary>What one run of the CLI left behind.</summary>
internal sealed record CliRun(int ExitCode, string Stdout, string Stderr)
{
    /// <summary>stdout as exactly one JSON object (fails the test otherwise).</summary>
    public JsonElement Json()
    {
        var text = Stdout.Trim();
        Assert.False(string.IsNullOrEmpty(text), "stdout is empty; stderr: " + Stderr);
        Assert.DoesNotContain('\n', text);
        using var doc = JsonDocument.Parse(text);
        Assert.Equal(JsonValueKind.Object, doc.RootElement.ValueKind);
        return doc.RootElement.Clone();
    }

    /// <summary>stdout's lines.</summary>
    public string[] StdoutLines => Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    /// <summary>stderr's lines.</summary>
    public string[] StderrLines => Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    public override string ToString() => $"exit {ExitCode}\n--- stdout\n{Stdout}\n--- stderr\n{Stderr}";
}

/// <summary>Runs the CLI in-process through its entry point, with its own streams, environment and folder.</summary>
internal static class Cli
{
    /// <summary>
    /// Runs <paramref name="args"/>. With a <paramref name="clock"/>, the client's timers (polling, backoff,
    /// wait timeouts) run on it and the clock is moved on until the command ends; the client's per-request
    /// timeout is then lifted, so that moving the clock never times out a request that is in flight.
    /// </summary>
    public static async Task<CliRun> RunAsync(
        string[] args,
        IReadOnlyDictionary<string, string>? environment = null,
        FakeTimeProvider? clock = null,
        string? currentDirectory = null,
        bool terminal = false,
        TimeSpan? embeddedTaskDuration = null,
        string? stdin = null,
        bool stdoutTerminal = false)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        var env = environment ?? new Dictionary<string, string>();
        var host = new CliHost(stdout, stderr, name => env.TryGetValue(name, out var v) ? v : null)
        {
            StderrIsTerminal = terminal,
            StdoutIsTerminal = stdoutTerminal,
            Stdin = new StringReader(stdin ?? string.Empty),
            TimeProvider = (TimeProvider?)clock ?? TimeProvider.System,
            CurrentDirectory = currentDirectory ?? Directory.GetCurrentDirectory(),
            EmbeddedSimulatorTaskDuration = embeddedTaskDuration ?? TimeSpan.Zero,
            ConfigureClient = clock is null ? null : o => o.RequestTimeout = TimeSpan.FromDays(1),
        };
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var run = CliApp.RunAsync(args, host, cts.Token);
        if (clock is not null) await FakeClock.DriveAsync(run, clock, step: TimeSpan.FromSeconds(1), realLimit: TimeSpan.FromSeconds(40));

        var code = await run;
        return new CliRun(code, stdout.ToString(), stderr.ToString());
    }

    /// <summary>The environment with the key set, as a user sets it (never on the command line).</summary>
    public static Dictionary<string, string> WithKey(string key) => new() { ["NANOBANANA_API_KEY"] = key };

    /// <summary>A fresh folder for outputs.</summary>
    public static string TempFolder()
    {
        var path = Path.Combine(Path.GetTempPath(), "nanobanana-cli-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(path);
        return path;
    }

    /// <summary>Whether the file starts with the PNG signature.</summary>
    public static bool IsPng(string path)
    {
        var head = new byte[8];
        using var file = File.OpenRead(path);
        return file.Read(head) == 8 && head.AsSpan().SequenceEqual(new byte[] { 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A });
    }
}

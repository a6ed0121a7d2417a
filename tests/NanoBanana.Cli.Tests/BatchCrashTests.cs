using System.Diagnostics;
using System.Text.Json;
using NanoBanana.Simulator;
using Xunit.Abstractions;

namespace NanoBanana.Cli.Tests;

/// <summary>
/// <c>nanobanana batch</c> as a real process, killed with SIGKILL at random moments (while creates are in flight
/// and while it waits) and resumed each time: every item ends completed, and no item is created twice except
/// those the user explicitly re-created as unknown. Creates are counted per prompt on the simulator.
/// </summary>
public sealed class BatchCrashTests(ITestOutputHelper output)
{
    private const int Items = 100;

    [Fact]
    public async Task Killed_at_random_moments_and_resumed_every_item_completes_and_none_is_created_twice()
    {
        Assert.True(OperatingSystem.IsLinux() || OperatingSystem.IsMacOS(), "SIGKILL needs a POSIX system");
        var seed = Environment.TickCount;
        output.WriteLine($"seed {seed}");
        var random = new Random(seed);
        await using var simulator = NanoBananaSimulator.Start(new SimulatorOptions { Host = "127.0.0.1", TaskDuration = TimeSpan.FromMilliseconds(200), InitialCredits = 100_000 });
        var folder = Cli.TempFolder();
        try
        {
            var file = Path.Combine(folder, "in.jsonl");
            await File.WriteAllLinesAsync(file, Enumerable.Range(1, Items).Select(i => $$"""{"prompt": "prompt number {{i}}", "id": "p-{{i}}"}"""));
            var outFolder = Path.Combine(folder, "out");
            string[] Args(params string[] extra) => ["batch", .. extra, "--out", outFolder, "--base-url", simulator.Url.AbsoluteUri, "--concurrency", "50"];

            // Four kills, each after a random number of progress lines: in a burst of creates (others in flight),
            // or among completions and downloads.
            for (var kill = 0; kill < 4; kill++)
            {
                var afterLines = random.Next(1, 70);
                var (killed, lines) = await RunAndKillAsync(Args(file), afterLines);
                output.WriteLine($"run {kill + 1}: {(killed ? "killed" : "finished")} after {lines} progress lines; simulator creates so far {simulator.CreatesReceived}");
            }

            // Resume until nothing is left but unknown items, then re-create those on purpose.
            var last = await RunToEndAsync(Args(file, "--json"));
            output.WriteLine($"resume: exit {last.ExitCode}: {last.Stdout}");
            Assert.True(last.ExitCode is 0 or 8, last.ToString());
            var unknown = JsonDocument.Parse(last.Stdout).RootElement.GetProperty("unknown_items").EnumerateArray().Select(e => e.GetString()!).ToHashSet();
            if (last.ExitCode == 8)
            {
                var retried = await RunToEndAsync(Args("--resume", outFolder, "--json", "--retry-unknown"));
                output.WriteLine($"retry: exit {retried.ExitCode}: {retried.Stdout}");
                Assert.Equal(0, retried.ExitCode);
            }

            var pngs = Directory.GetFiles(outFolder, "*.png").Select(f => Path.GetFileNameWithoutExtension(f)!).ToHashSet();
            Assert.Equal(Enumerable.Range(1, Items).Select(i => $"p-{i}").ToHashSet(), pngs);
            var creates = simulator.Requests
                .Where(r => r.Operation == SimulatorOperation.CreateTask)
                .GroupBy(r => JsonDocument.Parse(r.Body!).RootElement.GetProperty("input").GetProperty("prompt").GetString()!)
                .ToDictionary(g => g.Key, g => g.Count());
            output.WriteLine($"unknown items retried on purpose: {unknown.Count}; creates {simulator.CreatesReceived}");
            for (var i = 1; i <= Items; i++)
            {
                var count = creates.GetValueOrDefault($"prompt number {i}");
                Assert.True(count >= 1, $"p-{i} was never created");
                Assert.True(count == 1 || (count == 2 && unknown.Contains($"p-{i}")), $"p-{i} was created {count} times (unknown: {unknown.Contains($"p-{i}")})");
            }
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public async Task Ctrl_c_lets_the_creates_in_flight_finish_leaves_nothing_unknown_and_prints_the_resume_command()
    {
        Assert.True(OperatingSystem.IsLinux() || OperatingSystem.IsMacOS(), "SIGINT needs a POSIX system");
        await using var simulator = NanoBananaSimulator.Start(new SimulatorOptions { Host = "127.0.0.1", TaskDuration = TimeSpan.FromMilliseconds(200) });
        var folder = Cli.TempFolder();
        try
        {
            var file = Path.Combine(folder, "in.jsonl");
            await File.WriteAllLinesAsync(file, Enumerable.Range(1, 40).Select(i => $$"""{"prompt": "prompt number {{i}}"}"""));
            var outFolder = Path.Combine(folder, "out");
            using var process = ToolProcess.Start(["batch", file, "--out", outFolder, "--base-url", simulator.Url.AbsoluteUri, "--concurrency", "20"]);
            var created = 0;
            var enough = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            var stderr = new System.Text.StringBuilder();
            process.ErrorDataReceived += (_, e) =>
            {
                lock (stderr) stderr.AppendLine(e.Data);
                if (e.Data?.Contains(": created task ", StringComparison.Ordinal) == true && Interlocked.Increment(ref created) >= 5) enough.TrySetResult();
            };
            process.OutputDataReceived += (_, _) => { };
            process.BeginErrorReadLine();
            process.BeginOutputReadLine();
            await enough.Task.WaitAsync(TimeSpan.FromSeconds(60));

            Assert.Equal(0, SendSignal(process.Id, 2)); // SIGINT, as Ctrl+C
            await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(60));

            Assert.Equal(1, process.ExitCode);
            string text;
            lock (stderr) text = stderr.ToString();
            Assert.Contains($"resume with: nanobanana batch --resume {outFolder}", text, StringComparison.Ordinal);
            var status = await RunToEndAsync(["batch", "status", outFolder, "--json"]);
            var counts = JsonDocument.Parse(status.Stdout).RootElement;
            Assert.Equal(0, counts.GetProperty("unknown").GetInt32());
            Assert.Equal(simulator.TasksCreated, counts.GetProperty("created").GetInt32() + counts.GetProperty("completed").GetInt32());
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [System.Runtime.InteropServices.DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static extern int SendSignal(int pid, int signal);

    /// <summary>Starts the batch and SIGKILLs it after <paramref name="afterLines"/> progress lines (created, completed).</summary>
    private static async Task<(bool Killed, int Lines)> RunAndKillAsync(string[] args, int afterLines)
    {
        using var process = ToolProcess.Start(args);
        var lines = 0;
        var enough = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is { } line && (line.Contains(": created task ", StringComparison.Ordinal) || line.Contains(": completed: ", StringComparison.Ordinal))
                && Interlocked.Increment(ref lines) >= afterLines)
            {
                enough.TrySetResult();
            }
        };
        process.OutputDataReceived += (_, _) => { };
        process.BeginErrorReadLine();
        process.BeginOutputReadLine();
        await Task.WhenAny(enough.Task, process.WaitForExitAsync()).WaitAsync(TimeSpan.FromSeconds(60));
        var killed = !process.HasExited;
        if (killed) process.Kill(); // SIGKILL on Unix
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(20));
        return (killed, Volatile.Read(ref lines));
    }

    private static async Task<CliRun> RunToEndAsync(string[] args)
    {
        using var process = ToolProcess.Start(args);
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(120));
        return new CliRun(process.ExitCode, await stdout, await stderr);
    }
}

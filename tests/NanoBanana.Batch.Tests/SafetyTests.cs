using System.Diagnostics;
using Microsoft.Data.Sqlite;
using NanoBanana.Client;
using NanoBanana.Simulator;

namespace NanoBanana.Batch.Tests;

/// <summary>
/// The library's own safety, without the CLI: two runners on one ledger, a disk that fills up right after a create,
/// a ledger written by an older version.
/// </summary>
public sealed class SafetyTests
{
    [Fact]
    public async Task Two_runners_on_one_ledger_in_one_process_never_take_each_others_in_flight_create()
    {
        await using var h = RunnerHarness.Start();
        var items = RunnerHarness.Items(Enumerable.Range(1, 6).Select(i => $"banana {i}").ToArray());
        await using (var planner = await SqliteGenerationLedger.OpenAsync(h.LedgerPath))
        {
            await planner.PlanAsync("input-hash", items);
        }

        // The first runner's first create is held in flight (5 s of fake time) while the second runner starts.
        h.Simulator.InjectFault(SimulatorFault.Latency(TimeSpan.FromSeconds(5), times: 1, operation: SimulatorOperation.CreateTask));
        await using var first = await SqliteGenerationLedger.OpenAsync(h.LedgerPath);
        await using var second = await SqliteGenerationLedger.OpenAsync(h.LedgerPath);
        var options = new BatchRunnerOptions { Concurrency = 4, OutputFolder = h.Folder, TimeProvider = h.Time };
        var runA = new BatchRunner(h.Client, first, options).RunAsync();
        var realLimit = Stopwatch.StartNew();
        while (h.Simulator.Requests.Count(r => r.Operation == SimulatorOperation.CreateTask) == 0)
        {
            Assert.True(realLimit.Elapsed < TimeSpan.FromSeconds(20), "the first runner never sent a create");
            await Task.Delay(5);
        }

        var runB = new BatchRunner(h.Client, second, options).RunAsync();
        await FakeClock.DriveAsync(Task.WhenAll(runA, runB), h.Time, step: TimeSpan.FromMilliseconds(200), realLimit: TimeSpan.FromSeconds(40));

        var entries = await first.ReadAsync();
        Assert.All(entries, e => Assert.Equal(BatchItemState.Completed, e.State));
        Assert.All(h.CreatesPerPrompt().Values, count => Assert.Equal(1, count));
        Assert.Equal(6, h.Simulator.TasksCreated);
    }

    [Fact]
    public async Task A_full_disk_right_after_a_create_keeps_the_task_id_and_the_next_run_recovers_it()
    {
        Assert.True(OperatingSystem.IsLinux() && Environment.UserName == "root", "needs Linux and root to mount a small tmpfs");
        await using var h = RunnerHarness.Start();
        var disk = Path.Combine(Path.GetTempPath(), "nb-full-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(disk);
        Assert.Equal(0, Run("mount", "-t", "tmpfs", "-o", "size=3m", "tmpfs", disk));
        try
        {
            var ledgerPath = Path.Combine(disk, ".nanobanana-batch.db");
            var outFolder = Path.Combine(disk, "out");
            var items = RunnerHarness.Items("a banana on a full disk", "a second banana");
            var events = new List<BatchItemEvent>();
            var progress = new Progress(events);
            h.Simulator.InjectFault(SimulatorFault.Latency(TimeSpan.FromSeconds(2), times: 1, operation: SimulatorOperation.CreateTask));
            await using (var ledger = await SqliteGenerationLedger.OpenAsync(ledgerPath))
            {
                await ledger.PlanAsync("input-hash", items);
                var run = new BatchRunner(h.Client, ledger, new BatchRunnerOptions { OutputFolder = outFolder, TimeProvider = h.Time }).RunAsync(progress);
                var realLimit = Stopwatch.StartNew();
                while (h.Simulator.Requests.Count(r => r.Operation == SimulatorOperation.CreateTask) == 0)
                {
                    Assert.True(realLimit.Elapsed < TimeSpan.FromSeconds(20), "no create was sent");
                    await Task.Delay(5);
                }

                // The create is in flight: the disk fills up now, before its task id can be recorded.
                Fill(Path.Combine(disk, "filler"));
                await FakeClock.DriveAsync(run.ContinueWith(_ => { }, TaskScheduler.Default), h.Time, step: TimeSpan.FromMilliseconds(200), realLimit: TimeSpan.FromSeconds(40));
                Assert.Equal(TaskStatus.RanToCompletion, run.Status);
            }

            Assert.Single(h.Simulator.Requests, r => r.Operation == SimulatorOperation.CreateTask);
            Assert.Equal(1, h.Simulator.TasksCreated);
            lock (events)
            {
                Assert.Contains(events, e => e.Key == "item-1" && e.TaskId is { Length: > 0 } && e.Message?.Contains("recovery journal", StringComparison.Ordinal) == true);
            }

            File.Delete(Path.Combine(disk, "filler"));
            await using (var ledger = await SqliteGenerationLedger.OpenAsync(ledgerPath))
            {
                var resume = new BatchRunner(h.Client, ledger, new BatchRunnerOptions { OutputFolder = outFolder, TimeProvider = h.Time }).RunAsync();
                await FakeClock.DriveAsync(resume, h.Time, step: TimeSpan.FromMilliseconds(200), realLimit: TimeSpan.FromSeconds(40));
                var summary = await resume;
                Assert.True(summary.AllCompleted, summary.ToString());
            }

            Assert.All(h.CreatesPerPrompt().Values, count => Assert.Equal(1, count));
            Assert.Equal(2, h.Simulator.TasksCreated);
        }
        finally
        {
            Run("umount", "-l", disk);
            Directory.Delete(disk, recursive: true);
        }
    }

    [Fact]
    public async Task A_ledger_written_before_schema_versions_is_upgraded_and_runs()
    {
        await using var h = RunnerHarness.Start();
        // The first schema, as it was written: no version, no owners, the request as the C# type serialized it.
        await using (var old = new SqliteConnection($"Data Source={h.LedgerPath};Pooling=false"))
        {
            await old.OpenAsync();
            using var create = old.CreateCommand();
            create.CommandText = """
                PRAGMA journal_mode = WAL;
                CREATE TABLE meta (name TEXT PRIMARY KEY, value TEXT NOT NULL);
                CREATE TABLE items (position INTEGER PRIMARY KEY, item_key TEXT NOT NULL UNIQUE, request TEXT NOT NULL, state TEXT NOT NULL,
                    task_id TEXT, files TEXT, reason TEXT, updated_at TEXT NOT NULL);
                INSERT INTO meta VALUES ('input_hash', 'old-hash'), ('opened_at', '2026-12-01T00:00:00Z');
                INSERT INTO items VALUES (0, 'planned-one', '{"model":"nano-banana-2-lite","input":{"prompt":"an old banana","aspect_ratio":"16:9","resolution":null,"image_urls":null},"callback_url":null}', 'planned', NULL, NULL, NULL, '2026-12-01T00:00:00Z');
                INSERT INTO items VALUES (1, 'refused-one', '{"model":"nano-banana-2-lite","input":{"prompt":"a refused banana","aspect_ratio":null,"resolution":null,"image_urls":null},"callback_url":null}', 'failed', NULL, NULL, 'prompt: too long', '2026-12-01T00:00:00Z');
                INSERT INTO items VALUES (2, 'crashed-one', '{"model":"nano-banana-2-lite","input":{"prompt":"a crashed banana","aspect_ratio":null,"resolution":null,"image_urls":null},"callback_url":null}', 'creating', NULL, NULL, NULL, '2026-12-01T00:00:00Z');
                """;
            await create.ExecuteNonQueryAsync();
        }

        await using (var ledger = await SqliteGenerationLedger.OpenAsync(h.LedgerPath))
        {
            var options = new BatchRunnerOptions { OutputFolder = h.Folder, TimeProvider = h.Time };
            var run = new BatchRunner(h.Client, ledger, options).RunAsync();
            await FakeClock.DriveAsync(run, h.Time, step: TimeSpan.FromMilliseconds(200), realLimit: TimeSpan.FromSeconds(30));
            await run;
        }

        await using var check = new SqliteConnection($"Data Source={h.LedgerPath};Pooling=false");
        await check.OpenAsync();
        Assert.Equal("2", await Scalar(check, "SELECT value FROM meta WHERE name = 'schema_version'"));
        Assert.Equal("completed", await Scalar(check, "SELECT state FROM items WHERE item_key = 'planned-one'"));
        Assert.Equal("refused", await Scalar(check, "SELECT state FROM items WHERE item_key = 'refused-one'"));
        Assert.Equal("unknown", await Scalar(check, "SELECT state FROM items WHERE item_key = 'crashed-one'"));
        // Stored as the API's wire JSON: the contract's names and values, unset fields left out.
        Assert.Equal("""{"model":"nano-banana-2-lite","input":{"prompt":"an old banana","aspect_ratio":"16:9"}}""", await Scalar(check, "SELECT request FROM items WHERE item_key = 'planned-one'"));
        var sent = Assert.Single(h.Simulator.Requests, r => r.Operation == SimulatorOperation.CreateTask);
        Assert.Contains("\"aspect_ratio\":\"16:9\"", sent.Body, StringComparison.Ordinal);
    }

    private static async Task<string?> Scalar(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return (await command.ExecuteScalarAsync())?.ToString();
    }

    private static void Fill(string path)
    {
        using var filler = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None);
        var chunk = new byte[64 * 1024];
        try
        {
            while (true) filler.Write(chunk);
        }
        catch (IOException)
        {
        }

        try
        {
            filler.Flush();
        }
        catch (IOException)
        {
        }
    }

    private static int Run(string file, params string[] args)
    {
        var info = new ProcessStartInfo(file) { RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (var a in args) info.ArgumentList.Add(a);
        using var process = Process.Start(info)!;
        process.WaitForExit();
        return process.ExitCode;
    }

    private sealed class Progress(List<BatchItemEvent> events) : IProgress<BatchItemEvent>
    {
        public void Report(BatchItemEvent value)
        {
            lock (events) events.Add(value);
        }
    }
}

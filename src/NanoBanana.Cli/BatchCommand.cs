using System.CommandLine;
using NanoBanana.Batch;

namespace NanoBanana.Cli;

/// <summary><c>nanobanana batch FILE</c>'s arguments.</summary>
internal sealed record BatchInput(
    string? File,
    string? Resume,
    string? Out,
    string? Ledger,
    int Concurrency,
    int CreatesInFlight,
    TimeSpan? Timeout,
    bool DryRun,
    bool Yes,
    bool RetryUnknown,
    bool RetryFailed,
    bool Force,
    string? Batch = null)
{
    /// <summary>The runner's options these arguments ask for, with the outputs in <paramref name="folder"/>.</summary>
    public BatchRunnerOptions RunnerOptions(string folder, string recoveryJournalPath, TimeProvider timeProvider) => new()
    {
        Concurrency = Concurrency,
        CreatesInFlight = CreatesInFlight,
        WaitTimeout = Timeout,
        OutputFolder = folder,
        TakeOverOutputFolder = Force,
        RetryUnknown = RetryUnknown,
        RetryFailed = RetryFailed,
        RecoveryJournalPath = recoveryJournalPath,
        TimeProvider = timeProvider,
    };
}

/// <summary><c>nanobanana batch status DIR</c>'s arguments.</summary>
internal sealed record BatchStatusInput(string Folder, string? Ledger, string? Batch = null);

/// <summary>The <c>batch</c> command and its <c>status</c> subcommand.</summary>
internal static class BatchCommand
{
    /// <summary>Builds <c>batch</c>; its actions run on <paramref name="host"/>; <paramref name="callsTheApi"/> gives a command the connection options.</summary>
    public static Command Create(CliHost host, Func<ParseResult, GlobalInput> globals, Func<Command, Command> callsTheApi)
    {
        var file = new Argument<string?>("FILE")
        {
            Description = "JSON Lines or CSV with a header: prompt, optional aspect_ratio, image_urls, id or name (names the output file); - reads it from stdin.",
            Arity = ArgumentArity.ZeroOrOne,
        };
        var resume = new Option<string?>("--resume") { Description = "Resume the batch whose outputs and ledger are in DIR (no FILE needed).", HelpName = "DIR" };
        var output = new Option<string?>("--out", "-o") { Description = "Folder for the images and the ledger (DIR/.nanobanana-batch.db). Default: the current folder.", HelpName = "DIR" };
        var ledger = Ledger();
        var concurrency = new Option<int>("--concurrency", "-c")
        {
            Description = "How many tasks may be at the API at once (created, not yet saved); waiting costs no thread.",
            HelpName = "N",
            DefaultValueFactory = _ => NanoBanana.Batch.BatchRunnerOptions.DefaultConcurrency,
        };
        concurrency.Validators.Add(r =>
        {
            if (r.GetValueOrDefault<int>() is < 1 or > 10_000) r.AddError("--concurrency: must be from 1 to 10000");
        });
        var createsInFlight = new Option<int>("--creates-in-flight")
        {
            Description = "How many creates may be in flight at once: a crash leaves at most that many items unknown (maybe billed), so the default is 1; raise it when create latency limits the batch.",
            HelpName = "N",
            DefaultValueFactory = _ => 1,
        };
        createsInFlight.Validators.Add(r =>
        {
            if (r.GetValueOrDefault<int>() is < 1 or > 64) r.AddError("--creates-in-flight: must be from 1 to 64");
        });
        var timeout = CliSymbols.Timeout();
        timeout.Description = "Longest time to wait for each task, such as 90s, 5m or 1h30m. Default: 10m.";
        var dryRun = new Option<bool>("--dry-run") { Description = "Check every line and print the count and the cost; send nothing." };
        var yes = new Option<bool>("--yes") { Description = "Do not ask to confirm the cost (asked only when stdin is a terminal)." };
        var retryUnknown = new Option<bool>("--retry-unknown")
        {
            Description = "Create again the items whose create outcome is unknown (each may already exist and be billed: a retry may pay twice).",
        };
        var retryFailed = new Option<bool>("--retry-failed")
        {
            Description = "Try failed items again: wait for and download again items whose outputs were not saved; create again items that were refused or whose task failed (a new create is billed).",
        };
        var force = new Option<bool>("--force")
        {
            Description = "Use an output folder that another batch holds (its files are kept, never replaced).",
        };
        var batchName = BatchName();
        var json = CliSymbols.Json("the batch summary");
        var command = callsTheApi(new Command("batch", "Generate many images from a file; resumable after any crash, never creating an item twice.")
        {
            file, resume, output, ledger, batchName, concurrency, createsInFlight, timeout, dryRun, yes, retryUnknown, retryFailed, force, json,
        });
        command.SetAction((result, ct) => new BatchRunnerCommand(host, globals(result), result.GetValue(json)).RunAsync(
            new BatchInput(
                result.GetValue(file),
                result.GetValue(resume),
                result.GetValue(output),
                result.GetValue(ledger),
                result.GetValue(concurrency),
                result.GetValue(createsInFlight),
                result.GetValue(timeout),
                result.GetValue(dryRun),
                result.GetValue(yes),
                result.GetValue(retryUnknown),
                result.GetValue(retryFailed),
                result.GetValue(force),
                result.GetValue(batchName)),
            ct));

        var folder = new Argument<string>("DIR")
        {
            Description = "The batch's output folder (holding .nanobanana-batch.db); not needed with a PostgreSQL --ledger.",
            Arity = ArgumentArity.ZeroOrOne,
            DefaultValueFactory = _ => ".",
        };
        var statusLedger = Ledger();
        var statusBatch = BatchName();
        var statusJson = CliSymbols.Json("the counts, the items that need attention and the ledger's path");
        var status = new Command("status", "Print a batch's counts and the items that need attention (failed, refused, unknown, not saved, created but not downloaded) with their reasons and task ids.") { folder, statusLedger, statusBatch, statusJson };
        status.SetAction((result, ct) => new BatchRunnerCommand(host, globals(result), result.GetValue(statusJson)).StatusAsync(
            new BatchStatusInput(result.GetValue(folder) ?? ".", result.GetValue(statusLedger), result.GetValue(statusBatch)), ct));
        command.Subcommands.Add(status);
        command.Subcommands.Add(Worker(host, globals, callsTheApi));
        return command;
    }

    private static Option<string?> Ledger() => new("--ledger")
    {
        Description = "The ledger: a file (default: DIR/.nanobanana-batch.db in the output folder), or a PostgreSQL database that several workers share (postgres://user:password@host:5432/db, or a connection string).",
        HelpName = "PATH|URL",
    };

    private static Option<string?> BatchName() => new("--batch")
    {
        Description = "With a PostgreSQL --ledger: the batch's name (planning: default from the file's content; status and worker: default the only batch with work left).",
        HelpName = "NAME",
    };

    /// <summary><c>batch worker --ledger URL</c>: joins a batch planned in PostgreSQL.</summary>
    private static Command Worker(CliHost host, Func<ParseResult, GlobalInput> globals, Func<Command, Command> callsTheApi)
    {
        var ledger = new Option<string>("--ledger")
        {
            Description = "The PostgreSQL database holding the batch: postgres://user:password@host:5432/db, or a connection string.",
            HelpName = "URL",
            Required = true,
        };
        var batchName = BatchName();
        var output = new Option<string?>("--out", "-o") { Description = "Folder for the images this worker saves. Default: the current folder.", HelpName = "DIR" };
        var concurrency = new Option<int>("--concurrency")
        {
            Description = "How many tasks this worker may hold at the API at once.",
            HelpName = "N",
            DefaultValueFactory = _ => NanoBanana.Batch.BatchRunnerOptions.DefaultConcurrency,
        };
        var createsInFlight = new Option<int>("--creates-in-flight")
        {
            Description = "How many creates this worker may have in flight at once; the fleet's total is the sum. A worker that dies leaves at most that many items unknown.",
            HelpName = "N",
            DefaultValueFactory = _ => 1,
        };
        createsInFlight.Validators.Add(r =>
        {
            if (r.GetValueOrDefault<int>() is < 1 or > 64) r.AddError("--creates-in-flight: must be from 1 to 64");
        });
        var timeout = CliSymbols.Timeout();
        timeout.Description = "Longest time to wait for each task, such as 90s, 5m or 1h30m. Default: the client's.";
        var heartbeat = new Option<TimeSpan?>("--heartbeat")
        {
            Description = "How often this worker proves it is alive; a worker silent for three heartbeats is dead, and its items are reclaimed. Default: 10s.",
            HelpName = "DURATION",
            CustomParser = r =>
            {
                var text = r.Tokens.Count > 0 ? r.Tokens[^1].Value : string.Empty;
                if (Duration.TryParse(text, out var value, out var error) && value >= TimeSpan.FromMilliseconds(100)) return value;
                r.AddError("--heartbeat: " + (error ?? "must be at least 100ms"));
                return TimeSpan.Zero;
            },
        };
        var json = CliSymbols.Json("the batch's counts when the worker ends");
        var command = callsTheApi(new Command("worker", "Join a batch planned in PostgreSQL (`batch FILE --ledger postgres://...`) from any machine and work on it with the other workers until every item is finished.")
        {
            ledger, batchName, output, concurrency, createsInFlight, timeout, heartbeat, json,
        });
        command.SetAction((result, ct) => new BatchWorkerCommand(host, globals(result), result.GetValue(json)).RunAsync(
            new BatchWorkerInput(
                result.GetValue(ledger)!,
                result.GetValue(batchName),
                result.GetValue(output),
                result.GetValue(concurrency),
                result.GetValue(createsInFlight),
                result.GetValue(timeout),
                result.GetValue(heartbeat) ?? TimeSpan.FromSeconds(10)),
            ct));
        return command;
    }
}

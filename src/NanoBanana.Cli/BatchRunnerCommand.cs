using System.Globalization;
using System.Text.Json.Nodes;
using NanoBanana.Batch;
using NanoBanana.Client;

namespace NanoBanana.Cli;

/// <summary>
/// Runs <c>nanobanana batch</c>: checks the whole input before anything is sent, opens (or resumes) the ledger
/// before any create, confirms the cost on a terminal, runs the batch with progress, prints a summary and maps
/// the outcome to an exit code: 0 all completed, 2 bad input (nothing sent), 3 key refused, 4 stopped on billing,
/// 5 rate limited for too long, 6 some items need attention (failed, refused, not saved), 7 tasks still running,
/// 8 some unknown or the circuit breaker stopped creating, 1 anything else.
/// </summary>
internal sealed class BatchRunnerCommand(CliHost host, GlobalInput globals, bool json)
{
    /// <summary>The ledger's file name inside the output folder.</summary>
    public const string LedgerFileName = ".nanobanana-batch.db";

    /// <summary>What one task costs (the API's price list: 10 credits an image).</summary>
    private const int CreditsPerTask = 10;

    private readonly CliReporter _reporter = new(host, globals, json);

    /// <summary><c>batch FILE</c> / <c>batch --resume DIR</c>.</summary>
    public Task<int> RunAsync(BatchInput input, CancellationToken cancellationToken) => _reporter.RunAsync(async ct =>
    {
        if (input.File is null && input.Resume is null) throw Invalid("FILE: give the batch file, or --resume DIR");
        if (input.Resume is not null && input.Out is not null && Full(input.Resume) != Full(input.Out)) throw Invalid("--resume and --out name different folders; give one");
        var folder = Full(input.Resume ?? input.Out ?? ".");
        if (File.Exists(folder)) throw Invalid($"--out: '{folder}' is a file, not a folder");
        if (input.Batch is not null && !FleetLedger.IsDatabase(input.Ledger)) throw Invalid("--batch: names a batch in a PostgreSQL --ledger (postgres://...); a ledger file holds one batch");
        var ledgerPath = FleetLedger.IsDatabase(input.Ledger) ? input.Ledger! : Full(input.Ledger ?? Path.Combine(folder, LedgerFileName));

        BatchFile? file = null;
        if (input.File == "-")
        {
            ApiKeySources.RefuseSharedStdin(globals, "FILE '-'");
            // The batch from stdin (`make-prompts | nanobanana batch - --out shots`); rerun with the same input to resume.
            file = BatchFile.Read(System.Text.Encoding.UTF8.GetBytes(await host.Stdin.ReadToEndAsync(ct).ConfigureAwait(false)), "-");
            if (file.Errors.Count > 0)
            {
                foreach (var line in file.Errors) Note("error: " + line);
                throw new CliErrorException(CliError.Validation($"{file.Errors.Count} invalid line(s) in stdin; nothing was sent"));
            }

            if (file.Items.Count == 0) throw Invalid("FILE: stdin holds no item (no line with a prompt); nothing was sent");
        }
        else if (input.File is not null)
        {
            var path = Full(input.File);
            if (!File.Exists(path)) throw Invalid($"FILE: '{input.File}' does not exist");
            file = BatchFile.Read(path);
            if (file.Errors.Count > 0)
            {
                foreach (var line in file.Errors) Note("error: " + line);
                throw new CliErrorException(CliError.Validation($"{file.Errors.Count} invalid line(s) in {input.File}; nothing was sent"));
            }

            if (file.Items.Count == 0) throw Invalid($"FILE: {input.File} holds no item (no line with a prompt); nothing was sent");
        }
        else if (!FleetLedger.IsDatabase(input.Ledger) && !File.Exists(ledgerPath))
        {
            throw Invalid($"--resume: no batch ledger at {ledgerPath}");
        }

        if (FleetLedger.IsDatabase(input.Ledger))
        {
            if (input.DryRun && file is not null) return await DryRunAsync(file, ledgerPath, ct).ConfigureAwait(false);
            return await RunOnDatabaseAsync(input, file, folder, ct).ConfigureAwait(false);
        }

        if (input.DryRun) return await DryRunAsync(file, ledgerPath, ct).ConfigureAwait(false);

        // The ledger before any connection: a read-only or full disk, or another batch's ledger, stops here.
        await using var ledger = await SqliteGenerationLedger.OpenAsync(ledgerPath, host.TimeProvider, ct).ConfigureAwait(false);
        using var runLock = LockRun(ledgerPath);
        if (file is not null)
        {
            await ledger.PlanAsync(file.Hash, file.Items, ct).ConfigureAwait(false);
        }
        else if (await ledger.GetInfoAsync(ct).ConfigureAwait(false) is null)
        {
            throw Invalid($"--resume: the ledger {ledgerPath} records no batch");
        }

        var before = await ledger.CountAsync(ct).ConfigureAwait(false);
        var toCreate = before.Planned + (input.RetryUnknown ? before.Unknown + before.Creating : 0) + (input.RetryFailed ? before.Failed + before.Refused : 0);
        if (toCreate > 0 && !input.Yes && host.StderrIsTerminal && !Console.IsInputRedirected && !Confirm(toCreate)) return ExitCodes.Success;

        using var connection = Connection.Open(host, globals, Note, Verbose);
        if (connection.Embedded is not null && before.Created > 0)
        {
            Note($"note: {before.Created} item(s) were created on an earlier embedded simulator, which has stopped: they cannot be followed and will fail");
        }

        var resume = ResumeCommand(connection, folder, input.Ledger is null ? null : ledgerPath);
        var runner = new BatchRunner(connection.Client, ledger, input.RunnerOptions(folder, ledgerPath + ".recovery", host.TimeProvider));
        var toFinish = before.Total - before.Completed - (input.RetryFailed ? 0 : before.Failed + before.Refused + before.SaveFailed) - (input.RetryUnknown ? 0 : before.Unknown);
        BatchSummary summary;
        try
        {
            summary = await BatchProgressDisplay.RunAsync(host, toFinish, _reporter.Text, progress => runner.RunAsync(progress, ct)).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not (BatchOutputFolderException or OperationCanceledException or ArgumentException))
        {
            // An abnormal end after the batch started: whatever it was, say how to resume.
            var mapped = ErrorMapper.Map(e, ct);
            throw new CliErrorException(mapped with { Message = $"{mapped.Message}; resume with: {resume}" });
        }

        var entries = await ledger.ReadAsync(CancellationToken.None).ConfigureAwait(false);
        return Report(summary, entries, folder, ledgerPath, resume);
    }, cancellationToken);

    /// <summary>
    /// <c>batch FILE --ledger postgres://...</c>: plans the batch in the database (or finds it planned) and works on it
    /// as one of its workers; others join with <c>batch worker</c>.
    /// </summary>
    private async Task<int> RunOnDatabaseAsync(BatchInput input, BatchFile? file, string folder, CancellationToken ct)
    {
        var batch = input.Batch ?? (file is not null ? FleetLedger.DefaultBatchName(file.Hash) : null)
            ?? throw Invalid("--batch: name the batch to resume in the PostgreSQL ledger (or give FILE)");
        await using var ledger = await FleetLedger.OpenAsync(input.Ledger!, batch, host.TimeProvider, ct).ConfigureAwait(false);
        if (file is not null)
        {
            await ledger.PlanAsync(file.Hash, file.Items, ct).ConfigureAwait(false);
        }
        else if (await ledger.GetInfoAsync(ct).ConfigureAwait(false) is null)
        {
            throw Invalid($"--batch: the ledger {ledger.Description} records no batch named '{batch}'");
        }

        var before = await ledger.CountAsync(ct).ConfigureAwait(false);
        var toCreate = before.Planned + (input.RetryUnknown ? before.Unknown : 0) + (input.RetryFailed ? before.Failed + before.Refused : 0);
        if (toCreate > 0 && !input.Yes && host.StderrIsTerminal && !Console.IsInputRedirected && !Confirm(toCreate)) return ExitCodes.Success;

        using var connection = Connection.Open(host, globals, Note, Verbose);
        var describe = ledger.Description;
        Note($"batch {batch} planned in {describe}; more workers join with: nanobanana batch worker --ledger {PostgresLedgerAddress(input.Ledger!)} --batch {batch}");
        var resume = $"nanobanana batch worker --ledger {PostgresLedgerAddress(input.Ledger!)} --batch {batch} --out {Quote(folder)}" +
            (connection.ResumeArguments is { } extra ? " " + extra : string.Empty);
        var runner = new BatchRunner(connection.Client, ledger, input.RunnerOptions(folder, Path.Combine(folder, $".nanobanana-batch-{batch}.recovery"), host.TimeProvider));
        var toFinish = before.Total - before.Completed - (input.RetryFailed ? 0 : before.Failed + before.Refused + before.SaveFailed) - (input.RetryUnknown ? 0 : before.Unknown);
        var summary = await BatchProgressDisplay.RunAsync(host, toFinish, _reporter.Text, progress => runner.RunAsync(progress, ct)).ConfigureAwait(false);
        var entries = await ledger.ReadAsync(CancellationToken.None).ConfigureAwait(false);
        return Report(summary, entries, folder, describe, resume);
    }

    /// <summary>The database's address for a command line: the URL or connection string without its password.</summary>
    private static string PostgresLedgerAddress(string ledger) => NanoBanana.Postgres.PostgresConnectionString.Describe(FleetLedger.ConnectionString(ledger));

    /// <summary><c>batch status --ledger postgres://...</c>: the counts, the workers with their heartbeats, the items that need attention.</summary>
    private async Task<int> DatabaseStatusAsync(BatchStatusInput input, CancellationToken ct)
    {
        await using var dataSource = Npgsql.NpgsqlDataSource.Create(FleetLedger.ConnectionString(input.Ledger!));
        var batch = input.Batch ?? await FleetLedger.TheUnfinishedBatchAsync(dataSource, ct).ConfigureAwait(false);
        await using var ledger = await NanoBanana.Postgres.PostgresGenerationLedger.OpenAsync(dataSource, batch, host.TimeProvider, ct).ConfigureAwait(false);
        if (await ledger.GetInfoAsync(ct).ConfigureAwait(false) is null) throw Invalid($"--batch: the ledger {ledger.Description} records no batch named '{batch}'");
        var counts = await ledger.CountAsync(ct).ConfigureAwait(false);
        var owners = await ledger.ReadOwnersAsync(ct).ConfigureAwait(false);
        var attention = (await ledger.ReadAsync(ct).ConfigureAwait(false)).Where(NeedsAttention).ToList();
        if (json)
        {
            var node = Counts(counts);
            node["batch"] = batch;
            node["ledger"] = ledger.Description;
            node["workers"] = new JsonArray([.. owners.Select(o => (JsonNode?)new JsonObject
            {
                ["owner"] = o.OwnerId, ["host"] = o.Host, ["pid"] = o.Pid, ["heartbeat_age_seconds"] = Math.Round(o.HeartbeatAge.TotalSeconds, 1),
            })]);
            node["attention"] = new JsonArray([.. attention.Select(e => (JsonNode?)Item(e))]);
            JsonOutput.Write(host.Stdout, node, _reporter.Text);
        }
        else
        {
            host.Stdout.WriteLine($"batch {batch}: " + CountsLine(counts));
            foreach (var o in owners) host.Stdout.WriteLine(string.Create(CultureInfo.InvariantCulture, $"worker {_reporter.Text.Safe(o.Host)}/{o.Pid}\theartbeat {o.HeartbeatAge.TotalSeconds:0.0}s ago"));
            foreach (var e in attention) host.Stdout.WriteLine(ItemLine(e));
            host.Stdout.Flush();
        }

        return ExitCodes.Success;
    }

    /// <summary><c>batch status DIR</c>: the counts, then every item that needs attention with its reason and task id.</summary>
    public Task<int> StatusAsync(BatchStatusInput input, CancellationToken cancellationToken) => _reporter.RunAsync(async ct =>
    {
        if (FleetLedger.IsDatabase(input.Ledger)) return await DatabaseStatusAsync(input, ct).ConfigureAwait(false);
        if (input.Batch is not null) throw Invalid("--batch: names a batch in a PostgreSQL --ledger (postgres://...); a ledger file holds one batch");
        var folder = Full(input.Folder);
        var ledgerPath = Full(input.Ledger ?? Path.Combine(folder, LedgerFileName));
        if (!File.Exists(ledgerPath)) throw Invalid($"DIR: no batch ledger at {ledgerPath}");
        await using var ledger = await SqliteGenerationLedger.OpenAsync(ledgerPath, host.TimeProvider, ct).ConfigureAwait(false);
        var counts = await ledger.CountAsync(ct).ConfigureAwait(false);
        var attention = (await ledger.ReadAsync(ct).ConfigureAwait(false)).Where(NeedsAttention).ToList();
        if (json)
        {
            var node = Counts(counts);
            node["ledger"] = ledgerPath;
            node["attention"] = new JsonArray([.. attention.Select(e => (JsonNode?)Item(e))]);
            JsonOutput.Write(host.Stdout, node, _reporter.Text);
        }
        else
        {
            host.Stdout.WriteLine(CountsLine(counts));
            foreach (var e in attention) host.Stdout.WriteLine(ItemLine(e));
            host.Stdout.Flush();
        }

        return ExitCodes.Success;
    }, cancellationToken);

    /// <summary>Items a person should look at: not completed and not simply waiting to be created.</summary>
    private static bool NeedsAttention(BatchLedgerEntry e) =>
        e.State is not (BatchItemState.Completed or BatchItemState.Planned) || (e.State == BatchItemState.Planned && e.Reason is not null);

    /// <summary><c>KEY  STATE  task TASK_ID  REASON</c>.</summary>
    private string ItemLine(BatchLedgerEntry e) =>
        $"{_reporter.Text.Safe(e.Key)}\t{State(e.State)}\t{(e.TaskId is null ? "no task" : "task " + e.TaskId)}\t{_reporter.Text.Safe(e.Reason ?? (e.State == BatchItemState.Created ? "created, not downloaded yet" : string.Empty))}";

    private JsonObject Item(BatchLedgerEntry e) => new()
    {
        ["key"] = e.Key,
        ["state"] = State(e.State),
        ["task_id"] = e.TaskId,
        ["reason"] = e.Reason is null ? null : _reporter.Text.Redactor.Redact(e.Reason), // JSON escapes control characters itself
    };

    private static string State(BatchItemState state) => BatchItemStates.Name(state);

    private async Task<int> DryRunAsync(BatchFile? file, string ledgerPath, CancellationToken ct)
    {
        int items;
        if (file is not null)
        {
            items = file.Items.Count;
        }
        else
        {
            await using var ledger = await SqliteGenerationLedger.OpenAsync(ledgerPath, host.TimeProvider, ct).ConfigureAwait(false);
            items = (await ledger.CountAsync(ct).ConfigureAwait(false)).Planned;
        }

        var cost = items * CreditsPerTask;
        decimal? balance = null;
        var keySet = ApiKeySources.IsGiven(host, globals);
        if (keySet)
        {
            using var connection = Connection.Open(host, globals, Note, Verbose);
            balance = (await connection.Client.GetCreditsAsync(ct).ConfigureAwait(false)).Credits;
        }

        if (json)
        {
            JsonOutput.Write(host.Stdout, new JsonObject
            {
                ["dry_run"] = true,
                ["items"] = items,
                ["credits_needed"] = cost,
                ["credits"] = balance,
            }, _reporter.Text);
        }
        else
        {
            var line = $"{items} item(s) valid; cost: {cost} credits ({items} x {CreditsPerTask})";
            if (balance is { } b) line += $"; balance: {b} credits" + (b < cost ? " (not enough)" : string.Empty);
            host.Stdout.WriteLine(line);
            host.Stdout.Flush();
        }

        return ExitCodes.Success;
    }

    /// <summary>
    /// One run per ledger at a time: an exclusive lock on <c>LEDGER.lock</c>, released by the OS when the process
    /// ends, however it ends. (A second run would take the first one's in-flight creates for a crash's and mark
    /// them unknown.) <c>batch status</c> needs no lock.
    /// </summary>
    private static FileStream LockRun(string ledgerPath)
    {
        var path = ledgerPath + ".lock";
        try
        {
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            return new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
        }
        catch (IOException e) when (File.Exists(path))
        {
            throw new CliErrorException(new CliError(ExitCodes.Error, "batch_running",
                $"another nanobanana batch is running on the ledger {ledgerPath} ({ErrorMapper.OneLine(e.Message)}); wait for it, or use `nanobanana batch status`", "cli_error"));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new CliErrorException(new CliError(ExitCodes.Error, "ledger_error", $"the ledger {ledgerPath} cannot be written: {ErrorMapper.OneLine(e.Message)}", "ledger_error"));
        }
    }

    private bool Confirm(int creates)
    {
        host.Stderr.Write($"create {creates} task(s) for up to {creates * CreditsPerTask} credits? [y/N] ");
        host.Stderr.Flush();
        var answer = Console.In.ReadLine()?.Trim();
        var yes = answer is not null && (answer.Equals("y", StringComparison.OrdinalIgnoreCase) || answer.Equals("yes", StringComparison.OrdinalIgnoreCase));
        if (!yes) Note("nothing created");
        return yes;
    }

    private int Report(BatchSummary summary, IReadOnlyList<BatchLedgerEntry> entries, string folder, string ledgerPath, string resume)
    {
        var counts = summary.Counts;
        var exit = ExitCode(summary);
        var unknown = entries.Where(e => e.State == BatchItemState.Unknown).ToList();
        var failed = entries.Where(e => e.State is BatchItemState.Failed or BatchItemState.Refused or BatchItemState.SaveFailed).ToList();
        var waiting = entries.Where(e => e.State == BatchItemState.Created).ToList();

        foreach (var task in summary.UnrecordedTasks) Note($"TASK ID NOT RECORDED: {_reporter.Text.Safe(task.Key)}: {task.TaskId}: {_reporter.Text.Safe(task.Reason)}");
        foreach (var item in failed.Take(20)) Note($"{State(item.State)}: {_reporter.Text.Safe(item.Key)}: {(item.TaskId is null ? string.Empty : $"task {item.TaskId}: ")}{_reporter.Text.Safe(item.Reason ?? string.Empty)}");
        if (failed.Count > 20) Note($"... and {failed.Count - 20} more failed, refused or not saved (see: nanobanana batch status {Quote(folder)})");
        if (failed.Count > 0) Note($"to try them again on purpose: {resume} --retry-failed (outputs not saved are downloaded again; refused and failed items are created again, and a new create is billed)");
        foreach (var item in waiting.Where(e => e.Reason is not null).Take(20)) Note($"not finished: {_reporter.Text.Safe(item.Key)}: task {item.TaskId}: {_reporter.Text.Safe(item.Reason!)}");
        if (unknown.Count > 0)
        {
            foreach (var item in unknown.Take(20)) Note($"unknown: {_reporter.Text.Safe(item.Key)}: {_reporter.Text.Safe(item.Reason ?? string.Empty)}");
            if (unknown.Count > 20) Note($"... and {unknown.Count - 20} more unknown");
            Note($"note: {unknown.Count} item(s) may or may not have been created (and billed); they are not created again. " +
                 $"To create them again on purpose (a duplicate is billed): {resume} --retry-unknown");
        }

        if (summary.StopError is { } stopError)
        {
            var mapped = ErrorMapper.Map(stopError, CancellationToken.None);
            Note("error: " + mapped.Message);
        }

        switch (summary.Stop)
        {
            case BatchStop.Billing: Note("stopped creating on billing (insufficient credits or spend limit); tasks already created were waited for"); break;
            case BatchStop.CircuitBreaker: Note($"stopped creating (circuit breaker): {summary.StopReason}; tasks already created were waited for"); break;
            case BatchStop.RateLimited: Note($"stopped creating: {summary.StopReason}"); break;
            case BatchStop.LedgerError when summary.StopError is null: Note($"stopped: {summary.StopReason}"); break;
        }

        var needsResume = exit != ExitCodes.Success;
        if (needsResume) Note($"resume with: {resume}");

        if (json)
        {
            var node = Counts(counts);
            node["creates_sent"] = summary.CreatesSent;
            node["timed_out"] = summary.TimedOut;
            node["stopped"] = summary.Stop == BatchStop.None ? null : StopName(summary.Stop);
            node["stop_reason"] = summary.StopReason is null ? null : _reporter.Text.Redactor.Redact(summary.StopReason);
            node["unknown_items"] = new JsonArray([.. unknown.Select(e => (JsonNode?)JsonValue.Create(e.Key))]);
            node["failed_items"] = new JsonArray([.. failed.Select(e => (JsonNode?)Item(e))]);
            node["unrecorded_tasks"] = new JsonArray([.. summary.UnrecordedTasks.Select(t => (JsonNode?)new JsonObject { ["key"] = t.Key, ["task_id"] = t.TaskId })]);
            node["out"] = folder;
            node["ledger"] = ledgerPath;
            node["resume"] = needsResume ? resume : null;
            node["exit_code"] = exit;
            JsonOutput.Write(host.Stdout, node, _reporter.Text);
        }
        else
        {
            host.Stdout.WriteLine(CountsLine(counts));
            host.Stdout.Flush();
        }

        host.Stderr.Flush();
        return exit;
    }

    private static string StopName(BatchStop stop) => stop switch
    {
        BatchStop.CircuitBreaker => "circuit_breaker",
        BatchStop.LedgerError => "ledger_error",
        BatchStop.RateLimited => "rate_limited",
        _ => stop.ToString().ToLowerInvariant(),
    };

    /// <summary>The exit code of a run: why it stopped first, then what is left.</summary>
    internal static int ExitCode(BatchSummary summary) => ExitCode(summary, summary.Counts);

    /// <summary>The exit code of a run that ended with <paramref name="summary"/>, judged on <paramref name="counts"/> (the ledger's latest).</summary>
    internal static int ExitCode(BatchSummary summary, BatchLedgerCounts counts) => summary.Stop switch
    {
        BatchStop.Billing => ExitCodes.Billing,
        BatchStop.Authentication => ExitCodes.Authentication,
        BatchStop.RateLimited => ExitCodes.RateLimited,
        BatchStop.CircuitBreaker => ExitCodes.CreateOutcomeUnknown,
        BatchStop.Error or BatchStop.Cancelled or BatchStop.LedgerError => ExitCodes.Error,
        _ when counts.Unknown + counts.Creating > 0 => ExitCodes.CreateOutcomeUnknown,
        _ when counts.Created > 0 && summary.TimedOut > 0 => ExitCodes.TimedOut,
        _ when counts.Created + counts.Planned > 0 => ExitCodes.Error,
        _ when counts.Failed + counts.Refused + counts.SaveFailed > 0 => ExitCodes.TaskFailed,
        _ => ExitCodes.Success,
    };

    private static JsonObject Counts(BatchLedgerCounts counts) => new()
    {
        ["items"] = counts.Total,
        ["completed"] = counts.Completed,
        ["failed"] = counts.Failed,
        ["refused"] = counts.Refused,
        ["save_failed"] = counts.SaveFailed,
        ["unknown"] = counts.Unknown + counts.Creating,
        ["created"] = counts.Created,
        ["planned"] = counts.Planned,
    };

    private static string CountsLine(BatchLedgerCounts c) => string.Create(CultureInfo.InvariantCulture,
        $"{c.Total} items: {c.Completed} completed, {c.Failed} failed, {c.Refused} refused, {c.SaveFailed} not saved, {c.Unknown + c.Creating} unknown, {c.Created} created (not finished), {c.Planned} planned");

    private static string ResumeCommand(Connection connection, string folder, string? ledger) =>
        $"nanobanana batch --resume {Quote(folder)}" + (ledger is null ? string.Empty : $" --ledger {Quote(ledger)}") +
        (connection.ResumeArguments is { } extra ? " " + extra : string.Empty);

    private static string Quote(string path) => path.Any(c => char.IsWhiteSpace(c) || c is '\'' or '"' or '$' or '&' or ';') ? $"'{path.Replace("'", "'\\''", StringComparison.Ordinal)}'" : path;

    private string Full(string path) => Path.GetFullPath(path, host.CurrentDirectory);

    private static CliErrorException Invalid(string message) => new(CliError.Validation(message));

    private void Note(string line) => _reporter.Note(line);

    private void Verbose(string line) => _reporter.Verbose(line);
}

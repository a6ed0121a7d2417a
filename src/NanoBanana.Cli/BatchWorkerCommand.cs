using System.Globalization;
using System.Text.Json.Nodes;
using NanoBanana.Batch;
using NanoBanana.Postgres;
using Npgsql;

namespace NanoBanana.Cli;

/// <summary><c>nanobanana batch worker</c>'s arguments.</summary>
internal sealed record BatchWorkerInput(string Ledger, string? Batch, string? Out, int Concurrency, int CreatesInFlight, TimeSpan? Timeout, TimeSpan Heartbeat);

/// <summary>
/// <c>nanobanana batch worker --ledger postgres://...</c>: joins a batch planned in PostgreSQL and works on it with the
/// other workers until every item is finished. Passes over the batch one after another: each pass reclaims what dead
/// workers left (after three missed heartbeats), creates and waits for what it can claim, and when others still hold
/// items, or the database cannot be reached, pauses one heartbeat and passes again. Exit codes as <c>batch</c>'s.
/// </summary>
internal sealed class BatchWorkerCommand(CliHost host, GlobalInput globals, bool json)
{
    private readonly CliReporter _reporter = new(host, globals, json);

    public Task<int> RunAsync(BatchWorkerInput input, CancellationToken cancellationToken) => _reporter.RunAsync(async ct =>
    {
        var connectionString = FleetLedger.ConnectionString(input.Ledger);
        await using var dataSource = NpgsqlDataSource.Create(connectionString);
        var batch = input.Batch ?? await FleetLedger.TheUnfinishedBatchAsync(dataSource, ct).ConfigureAwait(false);
        await using var ledger = await PostgresGenerationLedger.OpenAsync(dataSource, batch, host.TimeProvider, ct).ConfigureAwait(false);
        if (await ledger.GetInfoAsync(ct).ConfigureAwait(false) is null)
        {
            throw new CliErrorException(CliError.Validation($"--batch: the ledger {ledger.Description} records no batch named '{batch}'; plan it with `nanobanana batch FILE --ledger ... --batch {batch}`"));
        }

        var folder = Path.GetFullPath(input.Out ?? ".", host.CurrentDirectory);
        using var connection = Connection.Open(host, globals, _reporter.Note, _reporter.Verbose);
        var options = new BatchRunnerOptions
        {
            Concurrency = input.Concurrency,
            CreatesInFlight = input.CreatesInFlight,
            WaitTimeout = input.Timeout,
            OutputFolder = folder,
            OwnerHeartbeat = input.Heartbeat,
            RecoveryJournalPath = Path.Combine(folder, $".nanobanana-batch-{batch}.recovery"),
            TimeProvider = host.TimeProvider,
        };
        _reporter.Note($"worker {Environment.MachineName}/{Environment.ProcessId} on {ledger.Description}");
        var pause = string.Create(CultureInfo.InvariantCulture, $"{input.Heartbeat.TotalSeconds:0.###}s");
        var creates = 0;
        BatchSummary? last = null;
        while (true)
        {
            ct.ThrowIfCancellationRequested();
            try
            {
                last = await new BatchRunner(connection.Client, ledger, options).RunAsync(null, ct).ConfigureAwait(false);
                creates += last.CreatesSent;
                foreach (var task in last.UnrecordedTasks) _reporter.Note($"TASK ID NOT RECORDED: {task.Key}: {task.TaskId}: {task.Reason}");
                var counts = last.Counts;
                if (counts.Planned + counts.Creating + counts.Created == 0) break;
                if (last.Stop is BatchStop.Billing or BatchStop.Authentication or BatchStop.RateLimited or BatchStop.CircuitBreaker or BatchStop.Cancelled) break;
                _reporter.Verbose($"pass done: {counts.Planned} planned, {counts.Creating} creating, {counts.Created} created held by other workers or to retry; next pass in {pause}");
            }
            catch (BatchLedgerException e)
            {
                // The database is unreachable (a restart, a failover): nothing is sent without a committed mark; wait and pass again.
                _reporter.Note($"the ledger cannot be used ({ErrorMapper.OneLine(e.Message)}); trying again in {pause}");
            }

            await Task.Delay(input.Heartbeat, host.TimeProvider, ct).ConfigureAwait(false);
        }

        var final = await ledger.CountAsync(CancellationToken.None).ConfigureAwait(false);
        var exit = last is null ? ExitCodes.Error : BatchRunnerCommand.ExitCode(last, final);
        if (json)
        {
            JsonOutput.Write(host.Stdout, new JsonObject
            {
                ["batch"] = batch,
                ["items"] = final.Total,
                ["completed"] = final.Completed,
                ["failed"] = final.Failed + final.Refused + final.SaveFailed,
                ["unknown"] = final.Unknown + final.Creating,
                ["creates_sent"] = creates,
                ["exit_code"] = exit,
            }, _reporter.Text);
        }
        else
        {
            host.Stdout.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"batch {batch}: {final.Total} items: {final.Completed} completed, {final.Failed + final.Refused + final.SaveFailed} failed, {final.Unknown + final.Creating} unknown; this worker sent {creates} create(s)"));
            host.Stdout.Flush();
        }

        return exit;
    }, cancellationToken);
}

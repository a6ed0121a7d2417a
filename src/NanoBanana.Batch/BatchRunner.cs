using NanoBanana.Client;

namespace NanoBanana.Batch;

/// <summary>
/// Runs a batch recorded in an <see cref="IGenerationLedger"/> until every item is finished or can go no further:
/// creates planned items (the <see cref="BatchItemState.Creating"/> mark is durable before each create is sent,
/// the task id right after), waits for created ones, downloads their outputs, and records each step. Running it
/// again on the same ledger resumes: completed items are skipped (their files downloaded again if missing),
/// created ones waited for, and items left <see cref="BatchItemState.Creating"/> by a crash become
/// <see cref="BatchItemState.Unknown"/>, never created again unless <see cref="BatchRunnerOptions.RetryUnknown"/> is set.
/// </summary>
public sealed class BatchRunner
{
    private readonly INanoBananaClient _client;
    private readonly IGenerationLedger _ledger;
    private readonly BatchRunnerOptions _options;

    /// <summary>Creates a runner.</summary>
    /// <param name="client">The API client.</param>
    /// <param name="ledger">The batch's ledger (planned with <see cref="IGenerationLedger.PlanAsync"/>).</param>
    /// <param name="options">Concurrency, timeout, output folder.</param>
    public BatchRunner(INanoBananaClient client, IGenerationLedger ledger, BatchRunnerOptions options)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(ledger);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.Concurrency, 1, "options.Concurrency");
        ArgumentOutOfRangeException.ThrowIfLessThan(options.CreatesInFlight, 1, "options.CreatesInFlight");
        _client = client;
        _ledger = ledger;
        _options = options;
    }

    /// <summary>
    /// Runs the batch. Cancelling stops new creates and waits; a create already in flight is let finish so its
    /// task id is recorded (cancelling it would leave its outcome unknown).
    /// </summary>
    /// <param name="progress">Told of every item change (called concurrently; keep it quick).</param>
    /// <param name="cancellationToken">Stops the run.</param>
    /// <returns>What the run did and the ledger's counts after it.</returns>
    public async Task<BatchSummary> RunAsync(IProgress<BatchItemEvent>? progress = null, CancellationToken cancellationToken = default)
    {
        await _ledger.MarkInterruptedCreatesUnknownAsync(cancellationToken).ConfigureAwait(false);
        if (_options.RetryUnknown) await _ledger.ReplanUnknownAsync(cancellationToken).ConfigureAwait(false);
        var entries = await _ledger.ReadAsync(cancellationToken).ConfigureAwait(false);
        using var createGate = new SemaphoreSlim(_options.CreatesInFlight, _options.CreatesInFlight);
        var run = new Run(this, progress, createGate);
        var work = entries.Where(e => e.State is BatchItemState.Planned or BatchItemState.Created
            || (e.State is BatchItemState.Completed && !e.Files.All(File.Exists)));
        try
        {
            await Parallel.ForEachAsync(work, new ParallelOptions { MaxDegreeOfParallelism = _options.Concurrency, CancellationToken = cancellationToken },
                (entry, ct) => new ValueTask(run.ProcessAsync(entry, ct))).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            run.StopCreating(BatchStop.Cancelled, null);
        }

        var counts = await _ledger.CountAsync(CancellationToken.None).ConfigureAwait(false);
        return new BatchSummary(counts, run.CreatesSent, run.TimedOut, run.WaitErrors, run.Stop, run.StopError);
    }

    /// <summary>The output file of <paramref name="key"/>: <c>KEY.ext</c>, or <c>KEY-N.ext</c> when the task has several outputs; the extension is the URL's when plain, else <c>.png</c>.</summary>
    /// <param name="key">The item's key.</param>
    /// <param name="url">The output URL.</param>
    /// <param name="index">The output's index.</param>
    /// <param name="count">How many outputs the task has.</param>
    public static string OutputFileName(string key, Uri url, int index, int count)
    {
        ArgumentNullException.ThrowIfNull(key);
        ArgumentNullException.ThrowIfNull(url);
        var extension = Path.GetExtension(url.AbsolutePath);
        if (extension.Length is < 2 or > 6 || !extension[1..].All(char.IsAsciiLetterOrDigit)) extension = ".png";
        var safe = string.Concat(key.Select(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' ? c : '_')).TrimStart('.');
        if (safe.Length == 0) safe = "_";
        return (count == 1 ? safe : $"{safe}-{index + 1}") + extension.ToLowerInvariant();
    }

    /// <summary>One run's shared state.</summary>
    private sealed class Run(BatchRunner runner, IProgress<BatchItemEvent>? progress, SemaphoreSlim createGate)
    {
        private int _creates;
        private int _timedOut;
        private int _waitErrors;
        private volatile int _stop;

        public int CreatesSent => Volatile.Read(ref _creates);

        public int TimedOut => Volatile.Read(ref _timedOut);

        public int WaitErrors => Volatile.Read(ref _waitErrors);

        public BatchStop Stop => (BatchStop)_stop;

        public Exception? StopError { get; private set; }

        public void StopCreating(BatchStop reason, Exception? error)
        {
            if (Interlocked.CompareExchange(ref _stop, (int)reason, (int)BatchStop.None) == (int)BatchStop.None) StopError = error;
        }

        public async Task ProcessAsync(BatchLedgerEntry entry, CancellationToken cancellationToken)
        {
            GenerationOperation? started = null;
            if (entry.State == BatchItemState.Planned)
            {
                await createGate.WaitAsync(cancellationToken).ConfigureAwait(false);
                try
                {
                    started = await CreateAsync(entry, cancellationToken).ConfigureAwait(false);
                }
                finally
                {
                    createGate.Release();
                }

                if (started is null) return;
            }

            await FinishAsync(entry, started?.TaskId ?? entry.TaskId!, started, cancellationToken).ConfigureAwait(false);
        }

        /// <summary>Creates the item; null when it was not created (stopped, failed, unknown).</summary>
        private async Task<GenerationOperation?> CreateAsync(BatchLedgerEntry entry, CancellationToken cancellationToken)
        {
            var ledger = runner._ledger;
            if (Stop != BatchStop.None || cancellationToken.IsCancellationRequested) return null;
            // Durable before the create is sent: a crash from here on leaves the item "creating", which becomes unknown.
            if (!await ledger.TryMarkCreatingAsync(entry.Key, CancellationToken.None).ConfigureAwait(false)) return null;
            GenerationOperation operation;
            try
            {
                Interlocked.Increment(ref _creates);
                // Not cancelled by the caller: a create cancelled in flight has an unknown outcome.
                operation = await runner._client.StartGenerationAsync(entry.Request, CancellationToken.None).ConfigureAwait(false);
            }
            catch (NanoBananaCreateOutcomeUnknownException e)
            {
                await ledger.MarkUnknownAsync(entry.Key, e.Message, CancellationToken.None).ConfigureAwait(false);
                Report(entry.Key, BatchItemState.Unknown, null, e.Message);
                return null;
            }
            catch (Exception e) when (e is GenerationRequestValidationException or NanoBananaInvalidRequestException)
            {
                await ledger.MarkFailedAsync(entry.Key, e.Message, CancellationToken.None).ConfigureAwait(false);
                Report(entry.Key, BatchItemState.Failed, null, e.Message);
                return null;
            }
            catch (NanoBananaException e)
            {
                // Certainly not created (the client raises every "may exist" case as outcome unknown): planned again.
                await ledger.MarkPlannedAsync(entry.Key, CancellationToken.None).ConfigureAwait(false);
                Interlocked.Decrement(ref _creates);
                StopCreating(e switch
                {
                    NanoBananaInsufficientCreditsException or NanoBananaSpendLimitException => BatchStop.Billing,
                    NanoBananaAuthenticationException or NanoBananaPermissionException => BatchStop.Authentication,
                    NanoBananaRateLimitException => BatchStop.RateLimited,
                    _ => BatchStop.Error,
                }, e);
                Report(entry.Key, BatchItemState.Planned, null, e.Message);
                return null;
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // Anything else (a bug, an unexpected exception): the create may have gone out.
                await ledger.MarkUnknownAsync(entry.Key, e.Message, CancellationToken.None).ConfigureAwait(false);
                Report(entry.Key, BatchItemState.Unknown, null, e.Message);
                throw;
            }

            await ledger.MarkCreatedAsync(entry.Key, operation.TaskId, CancellationToken.None).ConfigureAwait(false);
            Report(entry.Key, BatchItemState.Created, operation.TaskId, null);
            return operation;
        }

        private async Task FinishAsync(BatchLedgerEntry entry, string taskId, GenerationOperation? started, CancellationToken cancellationToken)
        {
            var ledger = runner._ledger;
            IReadOnlyList<Uri> urls;
            try
            {
                // A task this run started is waited on through its own operation (its first poll waits for the likely
                // completion); one a crashed run left behind is rebuilt from its id (no request sent).
                var operation = started ?? runner._client.ResumeGeneration(taskId);
                urls = (await operation.WaitForCompletionAsync(runner._options.WaitTimeout, cancellationToken).ConfigureAwait(false)).OutputUrls;
            }
            catch (NanoBananaTaskFailedException e)
            {
                var reason = $"task {taskId} failed: {e.Task.Error?.Code ?? "(no code)"}: {e.Task.Error?.Message ?? "(no message)"}";
                await ledger.MarkFailedAsync(entry.Key, reason, CancellationToken.None).ConfigureAwait(false);
                Report(entry.Key, BatchItemState.Failed, taskId, reason);
                return;
            }
            catch (NanoBananaWaitTimeoutException e)
            {
                Interlocked.Increment(ref _timedOut);
                Report(entry.Key, BatchItemState.Created, taskId, $"still running after {e.Timeout}");
                return;
            }
            catch (NanoBananaNotFoundException e)
            {
                var reason = $"task {taskId} not found: {e.Message}";
                await ledger.MarkFailedAsync(entry.Key, reason, CancellationToken.None).ConfigureAwait(false);
                Report(entry.Key, BatchItemState.Failed, taskId, reason);
                return;
            }
            catch (NanoBananaException e)
            {
                Interlocked.Increment(ref _waitErrors);
                Report(entry.Key, BatchItemState.Created, taskId, e.Message);
                return;
            }

            var folder = runner._options.OutputFolder;
            Directory.CreateDirectory(folder);
            var files = new List<string>(urls.Count);
            try
            {
                for (var i = 0; i < urls.Count; i++)
                {
                    var path = Path.GetFullPath(Path.Combine(folder, OutputFileName(entry.Key, urls[i], i, urls.Count)));
                    // The saved file's extension is the image's content type's.
                    files.Add((await runner._client.DownloadToFileAsync(urls[i], path, cancellationToken).ConfigureAwait(false)).Path);
                }
            }
            catch (NanoBananaException e)
            {
                Interlocked.Increment(ref _waitErrors);
                Report(entry.Key, BatchItemState.Created, taskId, "download failed: " + e.Message);
                return;
            }

            await ledger.MarkCompletedAsync(entry.Key, files, CancellationToken.None).ConfigureAwait(false);
            Report(entry.Key, BatchItemState.Completed, taskId, string.Join(", ", files));
        }

        private void Report(string key, BatchItemState state, string? taskId, string? message) =>
            progress?.Report(new BatchItemEvent(key, state, taskId, message));
    }
}

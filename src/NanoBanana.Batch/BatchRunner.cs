using System.Collections.Concurrent;
using NanoBanana.Client;

namespace NanoBanana.Batch;

/// <summary>
/// Runs a batch recorded in an <see cref="IGenerationLedger"/> until every item is finished or can go no further.
/// Two stages: <see cref="BatchRunnerOptions.CreatesInFlight"/> creators send creates (the
/// <see cref="BatchItemState.Creating"/> mark is durable before each create is sent, the task id right after), and
/// hand each task to the wait stage, which holds up to <see cref="BatchRunnerOptions.Concurrency"/> tasks at the API at
/// once (no worker per task: each is polled on the client's schedule) and saves their outputs. One item's trouble is
/// that item's: it is recorded on the item and the others go on.
/// </summary>
/// <remarks>
/// The runner owns its safety: it registers an owner in the ledger and claims every item it works on, so several
/// runners on one ledger (in one process or several) never take each other's items, and only a dead owner's
/// in-flight creates become <see cref="BatchItemState.Unknown"/>. Running it again resumes: completed items are skipped
/// (their files downloaded again if missing), created ones waited for, unknown ones never created again unless
/// <see cref="BatchRunnerOptions.RetryUnknown"/> is set.
/// </remarks>
public sealed class BatchRunner
{
    private static readonly TimeSpan NotFoundRetryDelay = TimeSpan.FromSeconds(2);
    private readonly INanoBananaClient _client;
    private readonly IGenerationLedger _ledger;
    private readonly BatchRunnerOptions _options;

    /// <summary>Creates a runner.</summary>
    /// <param name="client">The API client.</param>
    /// <param name="ledger">The batch's ledger (planned with <see cref="IGenerationLedger.PlanAsync"/>).</param>
    /// <param name="options">Concurrency, timeouts, output folder.</param>
    public BatchRunner(INanoBananaClient client, IGenerationLedger ledger, BatchRunnerOptions options)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(ledger);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.Concurrency, 1, "options.Concurrency");
        ArgumentOutOfRangeException.ThrowIfLessThan(options.CreatesInFlight, 1, "options.CreatesInFlight");
        ArgumentOutOfRangeException.ThrowIfLessThan(options.MaxConsecutiveUnknownCreates, 1, "options.MaxConsecutiveUnknownCreates");
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(options.OwnerHeartbeat, TimeSpan.Zero, "options.OwnerHeartbeat");
        ArgumentNullException.ThrowIfNull(options.TimeProvider, "options.TimeProvider");
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
    /// <exception cref="InvalidOperationException">The ledger records no batch.</exception>
    /// <exception cref="BatchOutputFolderException">The output folder belongs to another batch (nothing was sent).</exception>
    /// <exception cref="BatchLedgerException">The ledger cannot be used (nothing was sent).</exception>
    public async Task<BatchSummary> RunAsync(IProgress<BatchItemEvent>? progress = null, CancellationToken cancellationToken = default)
    {
        var info = await _ledger.GetInfoAsync(cancellationToken).ConfigureAwait(false)
            ?? throw new InvalidOperationException("The ledger records no batch: plan it first (IGenerationLedger.PlanAsync).");
        var folder = Path.GetFullPath(_options.OutputFolder);
        var foreign = BatchOutputFolder.Claim(folder, info.BatchId, _options.TakeOverOutputFolder);
        var journal = new RecoveryJournal(_options.RecoveryJournalPath ?? Path.Combine(folder, ".nanobanana-batch.recovery"));
        var owner = Guid.NewGuid().ToString("N");
        await _ledger.RegisterOwnerAsync(owner, cancellationToken).ConfigureAwait(false);
        var run = new Run(this, owner, folder, foreign, journal, progress);
        using var heartbeatStop = new CancellationTokenSource();
        Task? heartbeat = null;
        try
        {
            await run.ImportJournalAsync(cancellationToken).ConfigureAwait(false);
            journal.Prepare();
            await _ledger.ReclaimAbandonedAsync(_options.OwnerHeartbeat * 3, cancellationToken).ConfigureAwait(false);
            if (_options.RetryUnknown) await _ledger.ReplanUnknownAsync(cancellationToken).ConfigureAwait(false);
            if (_options.RetryFailed) await _ledger.RetryFailedAsync(cancellationToken).ConfigureAwait(false);
            var entries = await _ledger.ReadAsync(cancellationToken).ConfigureAwait(false);
            heartbeat = HeartbeatAsync(owner, run, heartbeatStop.Token);
            await run.ExecuteAsync(entries, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            run.StopCreating(BatchStop.Cancelled, null, "cancelled");
        }
        finally
        {
            await heartbeatStop.CancelAsync().ConfigureAwait(false);
            if (heartbeat is not null) await heartbeat.ConfigureAwait(false);
            try
            {
                await _ledger.ReleaseOwnerAsync(owner, CancellationToken.None).ConfigureAwait(false);
            }
            catch (BatchLedgerException)
            {
                // A ledger that cannot be written cannot record the release either; the owner's lock ends with the process.
            }
        }

        if (cancellationToken.IsCancellationRequested) run.StopCreating(BatchStop.Cancelled, null, "cancelled");
        var counts = await _ledger.CountAsync(CancellationToken.None).ConfigureAwait(false);
        return new BatchSummary(counts)
        {
            CreatesSent = run.CreatesSent,
            TimedOut = run.TimedOut,
            WaitErrors = run.WaitErrors,
            Stop = run.Stop,
            StopError = run.StopError,
            StopReason = run.StopReason,
            UnrecordedTasks = run.Unrecorded,
            PeakTasksInFlight = run.PeakInFlight,
        };
    }

    private async Task HeartbeatAsync(string owner, Run run, CancellationToken stop)
    {
        using var timer = new PeriodicTimer(_options.OwnerHeartbeat, _options.TimeProvider);
        try
        {
            while (await timer.WaitForNextTickAsync(stop).ConfigureAwait(false))
            {
                try
                {
                    if (!await _ledger.RenewOwnerAsync(owner, stop).ConfigureAwait(false))
                    {
                        run.StopCreating(BatchStop.LedgerError, null, "this run's ownership of the ledger was taken over (its heartbeat was missed)");
                    }
                }
                catch (BatchLedgerException e)
                {
                    run.StopCreating(BatchStop.LedgerError, e, e.Message);
                }
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    /// <summary>One run's shared state.</summary>
    private sealed class Run(BatchRunner runner, string owner, string folder, IReadOnlySet<string> foreign, RecoveryJournal journal, IProgress<BatchItemEvent>? progress)
    {
        private readonly IGenerationLedger _ledger = runner._ledger;
        private readonly NanoBananaRedactor _redactor = (runner._client as NanoBananaClient)?.Redactor ?? NanoBananaRedactor.BearerShapedOnly;
        private readonly BatchRunnerOptions _options = runner._options;
        private readonly TimeProvider _time = runner._options.TimeProvider;
        private readonly ConcurrentBag<BatchUnrecordedTask> _unrecorded = [];
        private readonly List<Task> _waits = [];
        private readonly Lock _pace = new();
        private SemaphoreSlim? _slots;
        private int _creates;
        private int _timedOut;
        private int _waitErrors;
        private int _consecutiveUnknown;
        private int _inFlight;
        private int _peakInFlight;
        private volatile int _stop;
        private DateTimeOffset _nextCreateAt;
        private TimeSpan _createInterval;
        private DateTimeOffset? _rateLimitedSince;

        public int CreatesSent => Volatile.Read(ref _creates);

        public int TimedOut => Volatile.Read(ref _timedOut);

        public int WaitErrors => Volatile.Read(ref _waitErrors);

        public int PeakInFlight => Volatile.Read(ref _peakInFlight);

        public BatchStop Stop => (BatchStop)_stop;

        public Exception? StopError { get; private set; }

        public string? StopReason { get; private set; }

        public IReadOnlyList<BatchUnrecordedTask> Unrecorded => [.. _unrecorded];

        public void StopCreating(BatchStop reason, Exception? error, string? why)
        {
            if (Interlocked.CompareExchange(ref _stop, (int)reason, (int)BatchStop.None) == (int)BatchStop.None)
            {
                StopError = error;
                StopReason = why;
            }
        }

        /// <summary>Task ids an earlier run could not record: into the ledger first.</summary>
        public async Task ImportJournalAsync(CancellationToken cancellationToken)
        {
            var records = journal.Read();
            if (records.Count == 0) return;
            foreach (var (key, taskId) in records)
            {
                var imported = await _ledger.ImportTaskIdAsync(key, taskId, cancellationToken).ConfigureAwait(false);
                Report(key, BatchItemState.Created, taskId, imported
                    ? $"task id {taskId} recovered from the recovery journal {journal.Path}"
                    : $"the recovery journal {journal.Path} holds task {taskId}, but the item has moved on (it has a task id already); that task may be a billed duplicate");
            }

            journal.Clear();
        }

        public async Task ExecuteAsync(IReadOnlyList<BatchLedgerEntry> entries, CancellationToken cancellationToken)
        {
            using var slots = new SemaphoreSlim(_options.Concurrency, _options.Concurrency);
            _slots = slots;
            _cancel = cancellationToken;
            try
            {
                // Tasks that exist already (created earlier, or completed with a file missing) are waited for first.
                foreach (var entry in entries.Where(e => e.State is BatchItemState.Created
                             || (e.State is BatchItemState.Completed && !e.Files.All(File.Exists))))
                {
                    if (!await Record(entry.Key, () => _ledger.TryClaimAsync(entry.Key, owner, CancellationToken.None)).ConfigureAwait(false)) continue;
                    await slots.WaitAsync(cancellationToken).ConfigureAwait(false);
                    StartWait(entry, entry.TaskId!, null);
                }

                var planned = new ConcurrentQueue<BatchLedgerEntry>(entries.Where(e => e.State == BatchItemState.Planned));
                await Task.WhenAll(Enumerable.Range(0, _options.CreatesInFlight).Select(_ => CreatorAsync(planned, cancellationToken))).ConfigureAwait(false);
            }
            finally
            {
                Task[] waits;
                lock (_waits) waits = [.. _waits];
                await Task.WhenAll(waits).ConfigureAwait(false);
                _slots = null;
            }
        }

        private void StartWait(BatchLedgerEntry entry, string taskId, GenerationOperation? started)
        {
            var inFlight = Interlocked.Increment(ref _inFlight);
            int peak;
            while (inFlight > (peak = Volatile.Read(ref _peakInFlight)) && Interlocked.CompareExchange(ref _peakInFlight, inFlight, peak) != peak)
            {
            }

            var wait = Task.Run(async () =>
            {
                try
                {
                    await FinishAsync(entry, taskId, started, _cancel).ConfigureAwait(false);
                }
                finally
                {
                    Interlocked.Decrement(ref _inFlight);
                    _slots?.Release();
                }
            }, CancellationToken.None);
            lock (_waits) _waits.Add(wait);
        }

        private CancellationToken _cancel;

        private async Task CreatorAsync(ConcurrentQueue<BatchLedgerEntry> planned, CancellationToken cancellationToken)
        {
            while (Stop == BatchStop.None && !cancellationToken.IsCancellationRequested && planned.TryDequeue(out var entry))
            {
                try
                {
                    await _slots!.WaitAsync(cancellationToken).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    return;
                }

                var handedOff = false;
                try
                {
                    await PaceAsync(cancellationToken).ConfigureAwait(false);
                    if (Stop != BatchStop.None) return;
                    var (operation, again) = await CreateAsync(entry).ConfigureAwait(false);
                    if (again) planned.Enqueue(entry);
                    if (operation is not null)
                    {
                        handedOff = true;
                        StartWait(entry, operation.TaskId, operation);
                    }
                }
                catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
                {
                    return;
                }
                finally
                {
                    if (!handedOff) _slots!.Release();
                }
            }
        }

        /// <summary>Waits for this creator's turn: the slower pace after rate limits, and a pause after a <c>Retry-After</c>.</summary>
        private async Task PaceAsync(CancellationToken cancellationToken)
        {
            TimeSpan wait;
            lock (_pace)
            {
                var now = _time.GetUtcNow();
                var at = _nextCreateAt > now ? _nextCreateAt : now;
                _nextCreateAt = at + _createInterval;
                wait = at - now;
            }

            if (wait > TimeSpan.Zero) await Task.Delay(wait, _time, cancellationToken).ConfigureAwait(false);
        }

        private void RateLimited(TimeSpan? retryAfter)
        {
            lock (_pace)
            {
                var now = _time.GetUtcNow();
                _rateLimitedSince ??= now;
                // Slower: double the spacing between creates (at least 100 ms, at most 30 s), and pause for Retry-After.
                _createInterval = TimeSpan.FromTicks(Math.Clamp(_createInterval.Ticks * 2, TimeSpan.FromMilliseconds(100).Ticks, TimeSpan.FromSeconds(30).Ticks));
                var resume = now + (retryAfter is { } r && r > TimeSpan.Zero ? r : TimeSpan.FromSeconds(1));
                if (resume > _nextCreateAt) _nextCreateAt = resume;
                if (now - _rateLimitedSince.Value < _options.RateLimitPatience) return;
            }

            StopCreating(BatchStop.RateLimited, null, $"creates were rate limited (429) without a break for {_options.RateLimitPatience}");
        }

        private void CreateSucceeded()
        {
            Interlocked.Exchange(ref _consecutiveUnknown, 0);
            lock (_pace)
            {
                _rateLimitedSince = null;
                // Faster again, gently: a tenth less spacing per success.
                _createInterval = _createInterval < TimeSpan.FromMilliseconds(10) ? TimeSpan.Zero : _createInterval * 0.9;
            }
        }

        private void CreateUnknown(string reason)
        {
            if (Interlocked.Increment(ref _consecutiveUnknown) >= _options.MaxConsecutiveUnknownCreates)
            {
                StopCreating(BatchStop.CircuitBreaker, null,
                    $"{_options.MaxConsecutiveUnknownCreates} creates in a row had an unknown outcome (each may be billed); the last: {reason}");
            }
        }

        /// <summary>Creates the item: its operation when created; again = true when it is to be tried later in this run (rate limited).</summary>
        private async Task<(GenerationOperation? Operation, bool Again)> CreateAsync(BatchLedgerEntry entry)
        {
            var key = entry.Key;
            // Durable before the create is sent: a crash from here on leaves the item "creating", which becomes unknown.
            if (!await Record(key, () => _ledger.TryMarkCreatingAsync(key, owner, CancellationToken.None)).ConfigureAwait(false)) return (null, false);
            GenerationOperation operation;
            try
            {
                Interlocked.Increment(ref _creates);
                // Not cancelled by the caller: a create cancelled in flight has an unknown outcome.
                operation = await runner._client.StartGenerationAsync(entry.Request, CancellationToken.None).ConfigureAwait(false);
            }
            catch (NanoBananaException e) when (e.Category == NanoBananaFailureCategory.CreateOutcomeUnknown)
            {
                await Transition(key, BatchItemState.Unknown, null, Clean(e.Message), () => _ledger.MarkUnknownAsync(key, owner, Clean(e.Message), CancellationToken.None)).ConfigureAwait(false);
                CreateUnknown(Clean(e.Message));
                return (null, false);
            }
            catch (GenerationRequestValidationException e)
            {
                Interlocked.Decrement(ref _creates); // never sent
                await Transition(key, BatchItemState.Refused, null, Clean(e.Message), () => _ledger.MarkRefusedAsync(key, owner, Clean(e.Message), CancellationToken.None)).ConfigureAwait(false);
                return (null, false);
            }
            catch (NanoBananaException e)
            {
                // Certainly not created (the client raises every "may exist" case as outcome unknown).
                Interlocked.Decrement(ref _creates);
                return await NotCreatedAsync(key, e).ConfigureAwait(false);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // Anything else (a bug, an unexpected exception): the create may have gone out.
                await Transition(key, BatchItemState.Unknown, null, Clean(e.Message), () => _ledger.MarkUnknownAsync(key, owner, Clean(e.Message), CancellationToken.None)).ConfigureAwait(false);
                CreateUnknown(Clean(e.Message));
                return (null, false);
            }

            CreateSucceeded();
            try
            {
                if (await _ledger.MarkCreatedAsync(key, owner, operation.TaskId, CancellationToken.None).ConfigureAwait(false))
                {
                    Report(key, BatchItemState.Created, operation.TaskId, null);
                    return (operation, false);
                }

                Unrecordable(key, operation.TaskId, "the item was changed by another run before its task id could be recorded");
                return (null, false);
            }
            catch (BatchLedgerException e)
            {
                Unrecordable(key, operation.TaskId, Clean(e.Message));
                StopCreating(BatchStop.LedgerError, e, Clean(e.Message));
                return (null, false);
            }
        }

        /// <summary>A create certainly refused: the item back to planned (a batch-wide cause stops creating) or refused (its own cause).</summary>
        private async Task<(GenerationOperation?, bool)> NotCreatedAsync(string key, NanoBananaException e)
        {
            // By the client's failure category, not the exception's type.
            var category = e.Category;
            BatchStop? stop =
                category == NanoBananaFailureCategory.Billing ? BatchStop.Billing
                : category == NanoBananaFailureCategory.Authentication || category == NanoBananaFailureCategory.Permission ? BatchStop.Authentication
                : category == NanoBananaFailureCategory.RateLimited ? null
                : category == NanoBananaFailureCategory.NotFound ? BatchStop.Error // model_not_found: every item would meet it
                : category == NanoBananaFailureCategory.Network ? BatchStop.Error // the API cannot be reached
                : category == NanoBananaFailureCategory.InvalidRequest || category == NanoBananaFailureCategory.Upstream ? null
                : e.StatusCode is >= 400 and < 500 ? null // another refusal of this request
                : BatchStop.Error;
            if (category == NanoBananaFailureCategory.RateLimited)
            {
                await Transition(key, BatchItemState.Planned, null, Clean(e.Message), () => _ledger.MarkPlannedAsync(key, owner, "rate limited; tried again later", CancellationToken.None)).ConfigureAwait(false);
                RateLimited(e.RetryAfter);
                return (null, Stop == BatchStop.None);
            }

            if (stop is null)
            {
                // This request's own refusal (400, 503 upstream_error): nothing billed; the batch goes on.
                var reason = Clean($"refused: {e.Message}");
                await Transition(key, BatchItemState.Refused, null, reason, () => _ledger.MarkRefusedAsync(key, owner, reason, CancellationToken.None)).ConfigureAwait(false);
                return (null, false);
            }

            await Transition(key, BatchItemState.Planned, null, Clean(e.Message), () => _ledger.MarkPlannedAsync(key, owner, Clean(e.Message), CancellationToken.None)).ConfigureAwait(false);
            StopCreating(stop.Value, e, Clean(e.Message));
            return (null, false);
        }

        private void Unrecordable(string key, string taskId, string why)
        {
            var reason = Clean($"task {taskId} was created but the ledger could not record it ({why})");
            try
            {
                journal.Append(key, taskId);
                reason += $"; kept in the recovery journal {journal.Path}, which the next run imports";
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                reason += $"; the recovery journal {journal.Path} could not be written either ({Clean(e.Message)}): keep this task id";
            }

            _unrecorded.Add(new BatchUnrecordedTask(key, taskId, reason));
            Report(key, BatchItemState.Creating, taskId, reason);
        }

        private async Task FinishAsync(BatchLedgerEntry entry, string taskId, GenerationOperation? started, CancellationToken cancellationToken)
        {
            var key = entry.Key;
            GenerationResult result;
            try
            {
                result = await WaitAsync(taskId, started, cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }
            catch (NanoBananaException e) when (e.Category == NanoBananaFailureCategory.TaskFailed)
            {
                // The client's message names the task and the API's error code and message.
                var reason = Clean(e.Message);
                await Transition(key, BatchItemState.Failed, taskId, reason, () => _ledger.MarkFailedAsync(key, owner, reason, CancellationToken.None)).ConfigureAwait(false);
                return;
            }
            catch (NanoBananaException e) when (e.Category == NanoBananaFailureCategory.WaitTimeout)
            {
                Interlocked.Increment(ref _timedOut);
                // Decided by the category; the wait's length is the exception's data (the client's default when none was set).
                var waited = (e as NanoBananaWaitTimeoutException)?.Timeout ?? _options.WaitTimeout;
                await NoteAsync(key, taskId, waited is { } timeout
                    ? $"still running after {timeout}; a resume waits again"
                    : "still running when the wait ended; a resume waits again").ConfigureAwait(false);
                return;
            }
            catch (NanoBananaException e) when (e.Category == NanoBananaFailureCategory.NotFound)
            {
                Interlocked.Increment(ref _waitErrors);
                await NoteAsync(key, taskId, Clean($"the API says task {taskId} does not exist (task_not_found: {e.Message}); a resume asks again")).ConfigureAwait(false);
                return;
            }
            catch (NanoBananaException e) when (e.IsTransient || e.StatusCode is null)
            {
                Interlocked.Increment(ref _waitErrors);
                await NoteAsync(key, taskId, Clean($"waiting failed ({e.Message}); a resume waits again")).ConfigureAwait(false);
                return;
            }
            catch (Exception e)
            {
                var reason = Clean($"waiting for task {taskId} failed: {e.Message}");
                await Transition(key, BatchItemState.SaveFailed, taskId, reason, () => _ledger.MarkSaveFailedAsync(key, owner, reason, CancellationToken.None)).ConfigureAwait(false);
                return;
            }

            var files = new List<string>(result.OutputUrls.Count);
            try
            {
                for (var i = 0; i < result.OutputUrls.Count; i++)
                {
                    var url = result.OutputUrls[i];
                    var name = BatchOutputNames.FileName(key, url, i);
                    var path = Path.Combine(folder, name);
                    // The client names the file by the image's content type (hero.png may be saved as hero.jpg): a file
                    // of this name that the batch does not own is in the way whatever its extension.
                    if (foreign.FirstOrDefault(f => SameStem(f, name)) is { } inTheWay)
                    {
                        throw new IOException($"{Path.Combine(folder, inTheWay)} was in the output folder before this batch took it; it is never replaced");
                    }

                    // Recorded only when it is the file the batch asked for (its extension set by the content type).
                    var saved = (await runner._client.DownloadToFileAsync(url, path, cancellationToken).ConfigureAwait(false)).Path;
                    if (!IsOwn(saved, name))
                    {
                        throw new IOException($"the output was saved as {saved}, not as {path} (its extension aside): the batch does not own that file");
                    }

                    files.Add(saved);
                }
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }
            catch (NanoBananaException e) when (e.IsTransient)
            {
                Interlocked.Increment(ref _waitErrors);
                await NoteAsync(key, taskId, Clean($"download failed ({e.Message}); a resume tries again")).ConfigureAwait(false);
                return;
            }
            catch (Exception e)
            {
                // A refused output URL, a 404 on the output, a local I/O or path problem: this item's, recorded on it.
                var reason = Clean($"task {taskId} completed but its output could not be saved: {e.Message}");
                await Transition(key, BatchItemState.SaveFailed, taskId, reason, () => _ledger.MarkSaveFailedAsync(key, owner, reason, CancellationToken.None)).ConfigureAwait(false);
                return;
            }

            await Transition(key, BatchItemState.Completed, taskId, string.Join(", ", files), () => _ledger.MarkCompletedAsync(key, owner, files, CancellationToken.None)).ConfigureAwait(false);
        }

        /// <summary>Whether the client saved the output as the batch's own file: in the output folder, named as asked (its extension aside), not a file that was there before.</summary>
        private bool IsOwn(string saved, string name)
        {
            var full = Path.GetFullPath(saved);
            var savedName = Path.GetFileName(full);
            return string.Equals(Path.GetDirectoryName(full), Path.TrimEndingDirectorySeparator(folder), StringComparison.Ordinal)
                && SameStem(savedName, name)
                && !foreign.Contains(savedName);
        }

        private static bool SameStem(string a, string b) =>
            string.Equals(Path.GetFileNameWithoutExtension(a), Path.GetFileNameWithoutExtension(b), StringComparison.OrdinalIgnoreCase);

        /// <summary>Waits for the task; a <c>task_not_found</c> soon after this run created it is asked again until <see cref="BatchRunnerOptions.NotFoundGrace"/> passes.</summary>
        private async Task<GenerationResult> WaitAsync(string taskId, GenerationOperation? started, CancellationToken cancellationToken)
        {
            // A task this run started is waited on through its own operation (its first poll waits for the likely
            // completion); one an earlier run left behind is rebuilt from its id (no request sent).
            var operation = started ?? runner._client.ResumeGeneration(taskId);
            var graceEnds = started is null ? (DateTimeOffset?)null : _time.GetUtcNow() + _options.NotFoundGrace;
            while (true)
            {
                try
                {
                    return await operation.WaitForCompletionAsync(_options.WaitTimeout, cancellationToken).ConfigureAwait(false);
                }
                catch (NanoBananaException e) when (e.Category == NanoBananaFailureCategory.NotFound && graceEnds is { } ends && _time.GetUtcNow() < ends)
                {
                    await Task.Delay(NotFoundRetryDelay, _time, cancellationToken).ConfigureAwait(false);
                }
            }
        }

        private Task NoteAsync(string key, string taskId, string reason) =>
            Transition(key, BatchItemState.Created, taskId, reason, () => _ledger.NoteAsync(key, owner, reason, CancellationToken.None));

        /// <summary>Applies a transition and reports it; a transition that did not apply (someone else holds the item) is reported as such.</summary>
        private async Task Transition(string key, BatchItemState state, string? taskId, string message, Func<Task<bool>> change)
        {
            if (await Record(key, change).ConfigureAwait(false))
            {
                Report(key, state, taskId, message);
            }
        }

        /// <summary>Runs a ledger change: its result, or false when the ledger could not be written (creating stops).</summary>
        private async Task<bool> Record(string key, Func<Task<bool>> change)
        {
            try
            {
                var changed = await change().ConfigureAwait(false);
                return changed;
            }
            catch (BatchLedgerException e)
            {
                StopCreating(BatchStop.LedgerError, e, Clean(e.Message));
                Report(key, BatchItemState.Planned, null, "the ledger could not record this item's change: " + Clean(e.Message));
                return false;
            }
        }

        /// <summary>Text from the network or an exception, with any key (configured or bearer-shaped) masked, before it is stored or reported.</summary>
        private string Clean(string text) => _redactor.Redact(text);

        private void Report(string key, BatchItemState state, string? taskId, string? message) =>
            progress?.Report(new BatchItemEvent(key, state, taskId, message));
    }
}

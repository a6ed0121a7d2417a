using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Runtime.CompilerServices;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using NanoBanana.Client.Wire;

namespace NanoBanana.Client;

/// <summary>
/// The client of the Nano Banana 2 Lite image API: a thin layer over the generated transport that adds
/// validation, typed errors, safe retries, adaptive polling, downloads, logging and telemetry.
/// Thread-safe; make one per API key and reuse it.
/// </summary>
public sealed partial class NanoBananaClient : INanoBananaClient, IDisposable
{
    private readonly NanoBananaTransport _transport;
    private readonly HttpClient _downloadClient;
    private readonly IDisposable[] _owned;
    private readonly ResiliencePipelines _pipelines;
    private readonly ILogger _logger;
    private readonly TimeProvider _time;
    private readonly ApiKeySource _key;
    private readonly NanoBananaMetrics _metrics;
    private readonly TimeSpan _requestTimeout;
    private readonly TimeSpan _defaultWaitTimeout;
    private readonly long _maxDownloadBytes;
    private readonly TimeSpan _downloadDeadline;
    private readonly TimeSpan _readDeadline;
    private readonly bool _allowPrivateNetworkDownloads;
    private readonly TaskDurationEstimator _estimator;
    private readonly PollingSchedule _schedule;
    private readonly Uri? _callbackUrl;
    private readonly TimeSpan _callbackFallbackInterval;
    private readonly TaskWakeups _wakeups = new();
    private readonly INanoBananaTaskNotifier? _notifier;

    /// <summary>Creates a client for the API key with the default settings and its own connection pool.</summary>
    /// <param name="apiKey">The API key (<c>sk-...</c>).</param>
    /// <exception cref="ArgumentException">The key is missing or malformed.</exception>
    public NanoBananaClient(string apiKey)
        : this(new NanoBananaClientOptions { ApiKey = apiKey })
    {
    }

    /// <summary>Creates a client with its own connection pool.</summary>
    /// <param name="options">The settings; <see cref="NanoBananaClientOptions.ApiKey"/> is required.</param>
    /// <exception cref="ArgumentException">The options are not valid (a missing key, a non-HTTPS base URL, ...).</exception>
    public NanoBananaClient(NanoBananaClientOptions options)
        : this(options, null, null, null, null)
    {
    }

    /// <summary>Creates a client that sends API requests through <paramref name="httpClient"/>.</summary>
    /// <param name="options">The settings; <see cref="NanoBananaClientOptions.ApiKey"/> is required.</param>
    /// <param name="httpClient">The HttpClient for API requests. Its BaseAddress is ignored (the options' BaseUrl decides).</param>
    /// <exception cref="ArgumentException">The options are not valid.</exception>
    public NanoBananaClient(NanoBananaClientOptions options, HttpClient httpClient)
        : this(options, httpClient ?? throw new ArgumentNullException(nameof(httpClient)), null, null, null)
    {
    }

    /// <summary>Creates a client from every part.</summary>
    /// <param name="options">The settings; <see cref="NanoBananaClientOptions.ApiKey"/> is required.</param>
    /// <param name="httpClient">The HttpClient for API requests, or null for an own one.</param>
    /// <param name="downloadHttpClient">
    /// The HttpClient for output downloads, or null for an own one. It must not carry the API key
    /// (no Authorization in its DefaultRequestHeaders): outputs live on another host.
    /// </param>
    /// <param name="loggerFactory">Where logs go, or null for none.</param>
    /// <param name="timeProvider">The clock for timeouts, backoff and polling, or null for the system clock.</param>
    /// <exception cref="ArgumentException">The options are not valid.</exception>
    public NanoBananaClient(NanoBananaClientOptions options, HttpClient? httpClient, HttpClient? downloadHttpClient,
        ILoggerFactory? loggerFactory, TimeProvider? timeProvider)
        : this(options, httpClient, downloadHttpClient, loggerFactory, timeProvider, null, null, null, null)
    {
    }

    /// <summary>Creates a client from every part, with a notifier that carries confirmed callbacks between processes.</summary>
    /// <param name="options">The settings; <see cref="NanoBananaClientOptions.ApiKey"/> is required.</param>
    /// <param name="httpClient">The HttpClient for API requests, or null for an own one.</param>
    /// <param name="downloadHttpClient">The HttpClient for output downloads (never carrying the key), or null for an own one.</param>
    /// <param name="loggerFactory">Where logs go, or null for none.</param>
    /// <param name="timeProvider">The clock for timeouts, backoff and polling, or null for the system clock.</param>
    /// <param name="taskNotifier">
    /// Publishes the tasks this client confirms and wakes this client's waits on tasks other processes confirm
    /// (see <see cref="INanoBananaTaskNotifier"/>); null for this process only.
    /// </param>
    /// <exception cref="ArgumentException">The options are not valid.</exception>
    public NanoBananaClient(NanoBananaClientOptions options, HttpClient? httpClient, HttpClient? downloadHttpClient,
        ILoggerFactory? loggerFactory, TimeProvider? timeProvider, INanoBananaTaskNotifier? taskNotifier)
        : this(options, httpClient, downloadHttpClient, loggerFactory, timeProvider, null, null, null, taskNotifier)
    {
    }

    /// <summary>
    /// The DI constructor: the meter from the host's <paramref name="meterFactory"/>, and the key followed through
    /// <paramref name="optionsMonitor"/> (the options named <paramref name="optionsName"/>), so a rotated key is
    /// used from the next request on. Every other setting is read once, here.
    /// </summary>
    internal NanoBananaClient(NanoBananaClientOptions options, HttpClient? httpClient, HttpClient? downloadHttpClient,
        ILoggerFactory? loggerFactory, TimeProvider? timeProvider, IMeterFactory? meterFactory,
        IOptionsMonitor<NanoBananaClientOptions>? optionsMonitor, string? optionsName, INanoBananaTaskNotifier? taskNotifier)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.ThrowIfInvalid();
        _key = new ApiKeySource(options.ApiKey!);
        _metrics = NanoBananaMetrics.From(meterFactory);
        _time = timeProvider ?? TimeProvider.System;
        _logger = (ILogger?)loggerFactory?.CreateLogger<NanoBananaClient>() ?? NullLogger.Instance;
        _requestTimeout = options.RequestTimeout;
        _defaultWaitTimeout = options.DefaultWaitTimeout;
        _maxDownloadBytes = options.MaxDownloadBytes;
        _downloadDeadline = options.DownloadDeadline;
        _readDeadline = options.ReadDeadline;
        _allowPrivateNetworkDownloads = options.AllowPrivateNetworkDownloads;
        _callbackUrl = options.CallbackUrl;
        _callbackFallbackInterval = options.Polling.CallbackFallbackInterval;
        _notifier = taskNotifier;

        var owned = new List<IDisposable>();
        if (optionsMonitor?.OnChange((changed, name) =>
            {
                if (name == (optionsName ?? Options.DefaultName)) _key.Rotate(changed.ApiKey);
            }) is { } keySubscription)
        {
            owned.Add(keySubscription);
        }

        SocketsHttpHandler? handler = null;
        if (downloadHttpClient is null)
        {
            handler = OutputUrlRule.CreateHandler();
            owned.Add(handler);
        }

        if (httpClient is null)
        {
            // Redirects are not followed on the API: the API does not redirect, and a redirect to another host must not
            // take the key along (downloads, which carry no key, follow them hop by hop under OutputUrlRule).
            var apiHandler = new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(5), AutomaticDecompression = System.Net.DecompressionMethods.All, AllowAutoRedirect = false };
            owned.Add(apiHandler);
            httpClient = new HttpClient(apiHandler, disposeHandler: false) { Timeout = Timeout.InfiniteTimeSpan };
            owned.Add(httpClient);
        }

        if (downloadHttpClient is null)
        {
            downloadHttpClient = new HttpClient(handler!, disposeHandler: false) { Timeout = Timeout.InfiniteTimeSpan };
            owned.Add(downloadHttpClient);
        }

        if (taskNotifier is not null) owned.Add(taskNotifier.Subscribe(_wakeups.Finished));
        _owned = [.. owned];
        _downloadClient = downloadHttpClient;
        _transport = new NanoBananaTransport(httpClient);
        _transport.Configure(options.BaseUrl, _key, options.MaxResponseBytes);
        _pipelines = new ResiliencePipelines(options, _time, _logger, _metrics);
        _estimator = new TaskDurationEstimator(options.Polling.ExpectedDuration, options.Polling.ExpectedSpread);
        _schedule = new PollingSchedule(options.Polling, _estimator);
    }

    /// <inheritdoc />
    public async Task<GenerationOperation> StartGenerationAsync(GenerationRequest request, CancellationToken cancellationToken = default)
    {
        var body = GenerationRequestValidator.Validate(request);
        // The service's own callback URL, unless the request names one: the callback then completes the waits.
        var callbackExpected = _callbackUrl is not null && (request.CallbackUrl is null || request.CallbackUrl == _callbackUrl);
        if (callbackExpected && request.CallbackUrl is null)
        {
            body.CallbackUrl = _callbackUrl;
        }

        var startedAt = _time.GetTimestamp();
        using var activity = NanoBananaTelemetry.ActivitySource.StartActivity("NanoBanana create_task", ActivityKind.Client);
        try
        {
            var (response, _) = await CallAsync(_pipelines.Create, static (t, r, c) => t.CreateTaskAsync(r, c), static r => r, body,
                "create_task", NanoBananaTelemetry.CreateTag, cancellationToken).ConfigureAwait(false);
            var taskId = response?.Data?.TaskId;
            if (string.IsNullOrEmpty(taskId))
            {
                throw new NanoBananaException("create_task: the response (HTTP 200) has no data.taskId.", 200);
            }

            try
            {
                // The contract's pattern and length: an id outside them cannot be followed (nor safely stored).
                GenerationRequestValidator.ValidateTaskId(taskId);
            }
            catch (ArgumentException e)
            {
                throw new NanoBananaException("create_task: the response (HTTP 200) has a data.taskId outside the contract: " + e.Message, 200);
            }

            activity?.SetTag("nanobanana.task_id", taskId);
            Log.TaskCreated(_logger, taskId);
            return new PollingGenerationOperation(this, taskId, startedAt, callbackExpected);
        }
        catch (NanoBananaException ex) when (ex.Class.CreateOutcomeUnknown)
        {
            // The classifier's verdict on the (already mapped) failure: the task may exist. Never retried.
            Log.CreateOutcomeUnknown(_logger, ex.Message);
            activity?.SetStatus(ActivityStatusCode.Error, "outcome unknown");
            throw new NanoBananaCreateOutcomeUnknownException(ex);
        }
        catch (NanoBananaException ex)
        {
            throw Failed(ex, "create_task", activity);
        }
    }

    /// <inheritdoc />
    public Task<GenerationTask> GetTaskAsync(string taskId, CancellationToken cancellationToken = default)
    {
        GenerationRequestValidator.ValidateTaskId(taskId);
        return ReadTaskAsync(taskId, null, cancellationToken);
    }

    /// <inheritdoc />
    public async Task<CreditsBalance> GetCreditsAsync(CancellationToken cancellationToken = default)
    {
        using var activity = NanoBananaTelemetry.ActivitySource.StartActivity("NanoBanana get_credits", ActivityKind.Client);
        try
        {
            return (await CallAsync(_pipelines.Read, static (t, _, c) => t.GetCreditsAsync(c), WireMapping.FromWire, 0,
                "get_credits", NanoBananaTelemetry.CreditsTag, cancellationToken).ConfigureAwait(false)).Result;
        }
        catch (NanoBananaException ex)
        {
            throw Failed(ex, "get_credits", activity);
        }
    }

    /// <inheritdoc />
    public async Task<GenerationTask> ConfirmCallbackAsync(GenerationTask callbackTask, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(callbackTask);
        GenerationRequestValidator.ValidateTaskId(callbackTask.Id);
        var task = await ReadTaskAsync(callbackTask.Id, null, cancellationToken, retry: false).ConfigureAwait(false);
        if (GenerationOperation.IsFinished(task.Status))
        {
            // Every wait on the task, here and (through the notifier) in the service's other processes, ends now.
            _wakeups.Finished(task);
            if (_notifier is not null)
            {
                try
                {
                    await _notifier.PublishAsync(task, cancellationToken).ConfigureAwait(false);
                }
                catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
                {
                    // The confirmation stands; other processes' waits fall back on their safety polls.
                    Log.NotifyFailed(_logger, task.Id, ex);
                }
            }
        }

        return task;
    }

    /// <summary>
    /// Sends <paramref name="apiKey"/> from the next request on (a rotated key), without a new client: requests in flight
    /// finish with the key they started with. The old key stays known to <see cref="Redactor"/>. With DI, a changed
    /// <c>ApiKey</c> in configuration does this by itself.
    /// </summary>
    /// <param name="apiKey">The new API key.</param>
    /// <exception cref="ArgumentException">The key is missing or malformed.</exception>
    public void UpdateApiKey(string apiKey)
    {
        var errors = new NanoBananaClientOptions { ApiKey = apiKey }.Validate().Where(e => e.Contains(nameof(NanoBananaClientOptions.ApiKey), StringComparison.Ordinal)).ToList();
        if (errors.Count > 0) throw new ArgumentException(string.Join(" ", errors), nameof(apiKey));
        _key.Rotate(apiKey);
    }

    /// <summary>Releases the connection pool the client made for itself (a supplied HttpClient is left alone).</summary>
    public void Dispose()
    {
        foreach (var disposable in _owned) disposable.Dispose();
    }

    internal TaskDurationEstimator Estimator => _estimator;

    internal TaskWakeups Wakeups => _wakeups;

    internal TimeSpan CallbackFallbackInterval => _callbackFallbackInterval;

    internal bool ExpectsCallbacks => _callbackUrl is not null;

    /// <summary>
    /// The client's redactor: its API key (and any key it rotated away from) and bearer-shaped values. Every API
    /// response body already passed through it; use it for any other text you print or log next to the client's.
    /// </summary>
    public NanoBananaRedactor Redactor => _key.Redactor;

    /// <summary>
    /// Reads a task; <paramref name="retryAfter"/>, when given, receives the Retry-After its (successful) response
    /// carried. With <paramref name="retry"/> false, exactly one attempt (a callback's confirmation): its failure is
    /// thrown as it is.
    /// </summary>
    internal async Task<GenerationTask> ReadTaskAsync(string taskId, StrongBox<TimeSpan?>? retryAfter, CancellationToken cancellationToken, bool retry = true)
    {
        using var activity = NanoBananaTelemetry.ActivitySource.StartActivity("NanoBanana get_task", ActivityKind.Client);
        activity?.SetTag("nanobanana.task_id", taskId);
        try
        {
            // Mapped inside the attempt: a body the public model cannot hold fails as an unreadable response would.
            var (task, after) = await CallAsync(_pipelines.Read, static (t, id, c) => t.GetTaskAsync(id, c), WireMapping.FromWire, taskId,
                "get_task", NanoBananaTelemetry.GetTaskTag, cancellationToken, retry).ConfigureAwait(false);
            retryAfter?.Value = after;
            // A 200 that is not this task (no id, or another task's) is not an answer: never report a status it does not give.
            return task?.Id == taskId ? task : throw new NanoBananaException(
                $"get_task: the response (HTTP 200) is not task '{taskId}': {(string.IsNullOrEmpty(task?.Id) ? "it has no id" : "it names another task")}.", 200);
        }
        catch (NanoBananaException ex)
        {
            throw Failed(ex, "get_task", activity);
        }
    }

    /// <summary>
    /// One API call, with the Retry-After its response carried: the first attempt, then (only after a failure the
    /// classifier says is retried) the pipeline's retries, each one another <see cref="AttemptAsync"/>. Every
    /// failure is mapped once, in the attempt that met it; what escapes is a <see cref="NanoBananaException"/> or
    /// the caller's cancellation.
    /// </summary>
    private ValueTask<(TResult Result, TimeSpan? RetryAfter)> CallAsync<TState, TWire, TResult>(FirstAttemptFastPath path,
        Func<NanoBananaTransport, TState, CancellationToken, Task<TWire>> call, Func<TWire, TResult> map, TState state, string operation,
        KeyValuePair<string, object?> tag, CancellationToken cancellationToken, bool retry = true)
    {
        cancellationToken.ThrowIfCancellationRequested();
        // An attempt that is not the first never hands over to the retry pipeline: with retry off, the one attempt is that.
        return AttemptAsync(path, new Call<TState, TWire, TResult>(call, map, state, operation, tag), firstAttempt: retry, cancellationToken);
    }

    /// <summary>
    /// What every attempt of one API call runs: the transport method, then the mapping of its wire result to the public
    /// model (inside the attempt: a body the public model cannot hold fails as an unreadable response would).
    /// </summary>
    private readonly record struct Call<TState, TWire, TResult>(
        Func<NanoBananaTransport, TState, CancellationToken, Task<TWire>> Send, Func<TWire, TResult> Map, TState State, string Operation,
        KeyValuePair<string, object?> Tag);

    /// <summary>
    /// One attempt: the transport call inside a call scope, with the attempt timeout (linked to the caller's token),
    /// its failure mapped to the exception family. A failed first attempt hands over to the retry pipeline
    /// when its failure is retried (see <see cref="FirstAttemptFastPath"/>).
    /// </summary>
    private async ValueTask<(TResult Result, TimeSpan? RetryAfter)> AttemptAsync<TState, TWire, TResult>(FirstAttemptFastPath path,
        Call<TState, TWire, TResult> call, bool firstAttempt, CancellationToken cancellationToken)
    {
        var operation = call.Operation;
        _metrics.Requests.Add(1, call.Tag);
        var started = firstAttempt ? _time.GetTimestamp() : 0;
        var scope = ApiCallScope.Begin(_time);
        var timeout = path.RentTimeout();
        var link = cancellationToken.CanBeCanceled
            ? cancellationToken.UnsafeRegister(static s => ((CancellationTokenSource)s!).Cancel(), timeout)
            : default;
        NanoBananaException failure;
        try
        {
            var result = call.Map(await scope.Send(call.Send, _transport, call.State, timeout.Token).ConfigureAwait(false));
            return (result, scope.RetryAfter);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
        catch (Exception ex)
        {
            // A cancellation the caller did not ask for is this attempt's timeout (or a supplied HttpClient's).
            failure = ErrorMapper.Map(ex, scope, operation, Redactor, timeout.IsCancellationRequested ? path.AttemptTimeout : null);
        }
        finally
        {
            link.Dispose();
            path.Return(timeout);
            scope.Dispose();
        }

        if (!firstAttempt || !path.IsRetried(failure)) throw failure;
        if (path != _pipelines.Read) return await RetryAsync(cancellationToken).ConfigureAwait(false);

        // A read's retries, with their waits, end at ReadDeadline (counted from the first attempt).
        var remaining = _readDeadline - _time.GetElapsedTime(started);
        if (remaining <= TimeSpan.Zero) throw ReadDeadlinePassed(failure, operation);
        using var deadline = new CancellationTokenSource(remaining, _time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, deadline.Token);
        try
        {
            return await RetryAsync(linked.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (deadline.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            throw ReadDeadlinePassed(failure, operation);
        }

        ValueTask<(TResult Result, TimeSpan? RetryAfter)> RetryAsync(CancellationToken token) => path.RetryAsync(failure,
            static (s, ct) => s.Client.AttemptAsync(s.Path, s.Call, firstAttempt: false, ct),
            (Client: this, Path: path, Call: call), token);
    }

    /// <summary>A read whose retries ran past <see cref="NanoBananaClientOptions.ReadDeadline"/>: a transient timeout (a wait polls on).</summary>
    private NanoBananaNetworkException ReadDeadlinePassed(NanoBananaException firstFailure, string operation) =>
        new($"{operation}: no answer within {_readDeadline} (ReadDeadline), retries included; the first attempt failed: {firstFailure.Message}",
            requestNotSent: false, isTimeout: true, firstFailure);

    /// <summary>Logs a mapped failure and marks the activity; returns it to be thrown.</summary>
    private NanoBananaException Failed(NanoBananaException failure, string operation, Activity? activity)
    {
        Log.RequestFailed(_logger, operation, failure.StatusCode, failure.ErrorCode);
        activity?.SetStatus(ActivityStatusCode.Error, failure.ErrorCode ?? failure.StatusCode?.ToString(System.Globalization.CultureInfo.InvariantCulture));
        return failure;
    }
}

using System.Diagnostics;
using System.Runtime.CompilerServices;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Polly.Timeout;

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
    private readonly string _apiKey;
    private readonly TimeSpan _requestTimeout;
    private readonly TimeSpan _defaultWaitTimeout;
    private readonly long _maxDownloadBytes;
    private readonly TaskDurationEstimator _estimator;
    private readonly PollingSchedule _schedule;

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
    {
        ArgumentNullException.ThrowIfNull(options);
        options.ThrowIfInvalid();
        _apiKey = options.ApiKey!;
        _time = timeProvider ?? TimeProvider.System;
        _logger = (ILogger?)loggerFactory?.CreateLogger<NanoBananaClient>() ?? NullLogger.Instance;
        _requestTimeout = options.RequestTimeout;
        _defaultWaitTimeout = options.DefaultWaitTimeout;
        _maxDownloadBytes = options.MaxDownloadBytes;

        var owned = new List<IDisposable>();
        SocketsHttpHandler? handler = null;
        if (downloadHttpClient is null)
        {
            handler = new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(5), AutomaticDecompression = System.Net.DecompressionMethods.All };
            owned.Add(handler);
        }

        if (httpClient is null)
        {
            // Redirects are not followed on the API: the API does not redirect, and a redirect to another host must not
            // take the key along (downloads, which carry no key, keep following them on their own handler).
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

        _owned = [.. owned];
        _downloadClient = downloadHttpClient;
        _transport = new NanoBananaTransport(httpClient);
        _transport.Configure(options.BaseUrl, _apiKey, options.MaxResponseBytes);
        _pipelines = new ResiliencePipelines(options, _time, _logger);
        _estimator = new TaskDurationEstimator(options.Polling.ExpectedDuration, options.Polling.ExpectedSpread);
        _schedule = new PollingSchedule(options.Polling, _estimator);
    }

    /// <inheritdoc />
    public async Task<GenerationOperation> StartGenerationAsync(GenerationRequest request, CancellationToken cancellationToken = default)
    {
        GenerationRequestValidator.Validate(request);
        var startedAt = _time.GetTimestamp();
        using var activity = NanoBananaTelemetry.ActivitySource.StartActivity("NanoBanana create_task", ActivityKind.Client);
        try
        {
            var (response, _) = await CallAsync(_pipelines.Create, static (t, r, c) => t.CreateTaskAsync(r, c), request,
                "create_task", NanoBananaTelemetry.CreateTag, cancellationToken).ConfigureAwait(false);
            var taskId = response?.Data?.TaskId;
            if (string.IsNullOrEmpty(taskId))
            {
                throw new NanoBananaException("create_task: the response (HTTP 200) has no data.taskId.", 200);
            }

            activity?.SetTag("nanobanana.task_id", taskId);
            Log.TaskCreated(_logger, taskId);
            return new GenerationOperation(this, taskId, startedAt);
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested && IsUnknownCreateOutcome(ex))
        {
            var cause = ErrorMapper.Map(ex, null, "create_task", _apiKey, _requestTimeout);
            Log.CreateOutcomeUnknown(_logger, cause.Message);
            activity?.SetStatus(ActivityStatusCode.Error, "outcome unknown");
            throw new NanoBananaCreateOutcomeUnknownException(cause);
        }
        catch (NanoBananaException ex)
        {
            Log.RequestFailed(_logger, "create_task", ex.StatusCode, ex.ErrorCode);
            activity?.SetStatus(ActivityStatusCode.Error, ex.ErrorCode);
            throw;
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
            return (await CallAsync(_pipelines.Read, static (t, _, c) => t.GetCreditsAsync(c), 0,
                "get_credits", NanoBananaTelemetry.CreditsTag, cancellationToken).ConfigureAwait(false)).Result;
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            throw Failed(ex, "get_credits", activity);
        }
    }

    /// <inheritdoc />
    public async Task<GenerationTask> ConfirmCallbackAsync(GenerationTask callbackTask, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(callbackTask);
        return await GetTaskAsync(callbackTask.Id, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Releases the connection pool the client made for itself (a supplied HttpClient is left alone).</summary>
    public void Dispose()
    {
        foreach (var disposable in _owned) disposable.Dispose();
    }

    internal TaskDurationEstimator Estimator => _estimator;

    /// <summary>Reads a task; <paramref name="retryAfter"/>, when given, receives the Retry-After its (successful) response carried.</summary>
    internal async Task<GenerationTask> ReadTaskAsync(string taskId, StrongBox<TimeSpan?>? retryAfter, CancellationToken cancellationToken)
    {
        using var activity = NanoBananaTelemetry.ActivitySource.StartActivity("NanoBanana get_task", ActivityKind.Client);
        activity?.SetTag("nanobanana.task_id", taskId);
        try
        {
            var (task, after) = await CallAsync(_pipelines.Read, static (t, id, c) => t.GetTaskAsync(id, c), taskId,
                "get_task", NanoBananaTelemetry.GetTaskTag, cancellationToken).ConfigureAwait(false);
            retryAfter?.Value = after;
            // A 200 that is not this task (no id, or another task's) is not an answer: never report a status it does not give.
            return task?.Id == taskId ? task : throw new NanoBananaException(
                $"get_task: the response (HTTP 200) is not task '{taskId}': {(string.IsNullOrEmpty(task?.Id) ? "it has no id" : "it names another task")}.", 200);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            throw Failed(ex, "get_task", activity);
        }
    }

    /// <summary>
    /// One API call, with the Retry-After its response carried. The first attempt runs here, with only its timeout
    /// (see <see cref="FirstAttemptFastPath"/>: the Polly pipeline is entered only after a failure, and decides on
    /// the retries, each one through <see cref="SendAsync"/>).
    /// </summary>
    private async ValueTask<(TResult Result, TimeSpan? RetryAfter)> CallAsync<TState, TResult>(FirstAttemptFastPath path,
        Func<NanoBananaTransport, TState, CancellationToken, Task<TResult>> call, TState state, string operation,
        KeyValuePair<string, object?> tag, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        NanoBananaTelemetry.Requests.Add(1, tag);
        var scope = ApiCallScope.Begin(_time);
        var timeout = path.RentTimeout();
        var link = cancellationToken.CanBeCanceled
            ? cancellationToken.UnsafeRegister(static s => ((CancellationTokenSource)s!).Cancel(), timeout)
            : default;
        Exception failure;
        try
        {
            var result = await call(_transport, state, timeout.Token).ConfigureAwait(false);
            return (result, scope.RetryAfter);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !timeout.IsCancellationRequested)
        {
            failure = ErrorMapper.Map(ex, scope, operation, _apiKey, _requestTimeout);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
        catch (OperationCanceledException canceled)
        {
            failure = path.TimedOut(canceled);
        }
        finally
        {
            link.Dispose();
            path.Return(timeout);
            scope.Dispose();
        }

        return await path.RetryAsync(failure,
            static (s, ct) => s.Client.SendAsync(s.Call, s.State, s.Operation, s.Tag, ct),
            (Client: this, Call: call, State: state, Operation: operation, Tag: tag), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>One retry attempt (inside the pipeline): the transport call inside a call scope, its failure mapped to the exception family.</summary>
    private async ValueTask<(TResult Result, TimeSpan? RetryAfter)> SendAsync<TState, TResult>(
        Func<NanoBananaTransport, TState, CancellationToken, Task<TResult>> call, TState state, string operation,
        KeyValuePair<string, object?> tag, CancellationToken cancellationToken)
    {
        NanoBananaTelemetry.Requests.Add(1, tag);
        using var scope = ApiCallScope.Begin(_time);
        try
        {
            var result = await call(_transport, state, cancellationToken).ConfigureAwait(false);
            return (result, scope.RetryAfter);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            throw ErrorMapper.Map(ex, scope, operation, _apiKey, _requestTimeout);
        }
    }

    private NanoBananaException Failed(Exception ex, string operation, Activity? activity)
    {
        var mapped = ErrorMapper.Map(ex, null, operation, _apiKey, _requestTimeout);
        Log.RequestFailed(_logger, operation, mapped.StatusCode, mapped.ErrorCode);
        activity?.SetStatus(ActivityStatusCode.Error, mapped.ErrorCode ?? mapped.StatusCode?.ToString(System.Globalization.CultureInfo.InvariantCulture));
        return mapped;
    }

    /// <summary>
    /// Whether a create that failed may still have made a task: a timeout, a connection that dropped after the
    /// request may have gone out, a 5xx other than the documented 503 upstream_error, or a 2xx that could not be read.
    /// </summary>
    private static bool IsUnknownCreateOutcome(Exception ex) => ex switch
    {
        TimeoutRejectedException => true,
        OperationCanceledException => true, // HttpClient.Timeout of a supplied client: the request may have gone out
        NanoBananaNetworkException network => !network.RequestNotSent,
        NanoBananaUpstreamException => false,
        NanoBananaException { StatusCode: >= 500 } => true,
        NanoBananaException { StatusCode: >= 200 and < 300 } => true,
        NanoBananaException { StatusCode: null } => true,
        _ => false,
    };
}

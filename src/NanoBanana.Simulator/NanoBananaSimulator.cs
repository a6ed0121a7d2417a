using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json.Nodes;
using Newtonsoft.Json.Linq;
using WireMock;
using WireMock.Logging;
using WireMock.Matchers;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;
using WireMock.Server;
using WireMock.Settings;
using WireMock.Types;
using WireMock.Util;

namespace NanoBanana.Simulator;

/// <summary>
/// A fake of the Nano Banana 2 Lite API that answers as the contract says: it validates creates against the
/// spec, runs each task through <c>pending</c> → <c>processing</c> → <c>completed</c> (or <c>failed</c>) on a
/// <see cref="TimeProvider"/>, serves real PNG outputs from a second host, POSTs callbacks, keeps a credit
/// balance and injects faults on demand. Built on WireMock.Net; start one per test, or run it standalone.
/// </summary>
/// <example>
/// <code>
/// await using var simulator = NanoBananaSimulator.Start(new SimulatorOptions { TaskDuration = TimeSpan.Zero });
/// var http = new HttpClient { BaseAddress = simulator.Url };
/// http.DefaultRequestHeaders.Authorization = new("Bearer", NanoBananaSimulator.ApiKey);
/// </code>
/// </example>
public sealed class NanoBananaSimulator : IDisposable, IAsyncDisposable
{
    /// <summary>A key the simulator accepts. Any key that starts with <c>sk-</c> is accepted; others get 401 <c>invalid_api_key</c>.</summary>
    public const string ApiKey = "sk-simulator";

    /// <summary>What one image costs (the docs: 10 credits at 1K).</summary>
    public const int CreditsPerImage = 10;

    private const string CreatePath = "/v1/images/generations";
    private const string TasksPrefix = "/v1/tasks/";
    private const string CreditsPath = "/v1/credits";
    private const string ImagesPrefix = "/images/";

    private readonly SimulatorOptions _options;
    private readonly TimeProvider _time;
    private readonly TimeSpan _processingAfter;
    private readonly WireMockServer _api;
    private readonly WireMockServer _files;
    private readonly GenerationRequestValidator _validator = new(ContractSpec.Current);
    private readonly ConcurrentDictionary<string, SimulatedTask> _tasks = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<(int Width, int Height), Lazy<byte[]>> _images = new();
    private readonly ConcurrentQueue<SimulatorRequest> _requests = new();
    private readonly List<ActiveFault> _faults = [];
    private readonly List<CallbackDelivery> _callbacks = [];
    private readonly List<(int Count, TaskCompletionSource Done)> _callbackWaiters = [];
    private readonly HttpClient _callbackClient = new() { Timeout = TimeSpan.FromSeconds(10) };
    private readonly CancellationTokenSource _stopping = new();
    private int _faultCount;
    private int _credits;
    private int _creates;
    private int _taskQueries;
    private int _creditQueries;
    private long _rateWindow = long.MinValue;
    private int _rateCount;
    private int _disposed;

    private NanoBananaSimulator(SimulatorOptions options)
    {
        ArgumentNullException.ThrowIfNull(options.TimeProvider, nameof(options.TimeProvider));
        ArgumentException.ThrowIfNullOrWhiteSpace(options.Host, nameof(options.Host));
        ArgumentOutOfRangeException.ThrowIfLessThan(options.TaskDuration, TimeSpan.Zero, nameof(options.TaskDuration));
        ArgumentOutOfRangeException.ThrowIfNegative(options.InitialCredits, nameof(options.InitialCredits));
        if (options.ProcessingAfter is { } after && (after < TimeSpan.Zero || after > options.TaskDuration))
        {
            throw new ArgumentOutOfRangeException(nameof(options), after, "ProcessingAfter must lie between zero and TaskDuration.");
        }

        if (options.RateLimit is < 1) throw new ArgumentOutOfRangeException(nameof(options), options.RateLimit, "RateLimit must be at least 1 request per second (or null for none).");
        if (options.Port is { } p && options.FilesPort == p && p != 0) throw new ArgumentException("FilesPort must differ from Port: outputs live on another host.", nameof(options));

        _options = options;
        _time = options.TimeProvider;
        _processingAfter = options.ProcessingAfter ?? options.TaskDuration / 4;
        _credits = options.InitialCredits;

        var listenHost = options.Host is "*" or "+" ? "0.0.0.0" : options.Host;
        var publicHost = listenHost is "0.0.0.0" or "::" or "[::]" ? "localhost" : listenHost;
        var apiPort = options.Port is null or 0 ? FreePort() : options.Port.Value;
        _api = StartServer(listenHost, apiPort);
        var filesPort = options.FilesPort is null or 0 ? FreePort(except: apiPort) : options.FilesPort.Value;
        try
        {
            _files = StartServer(listenHost, filesPort);
        }
        catch
        {
            _api.Dispose();
            throw;
        }

        Url = new Uri($"http://{publicHost}:{apiPort}/");
        // Outputs live on another host, as on the real service (file.aivideoapi.ai): another port, and another
        // host name when the API answers on localhost.
        FilesUrl = new Uri($"http://{(publicHost == "localhost" ? "127.0.0.1" : publicHost)}:{filesPort}/");

        _api.Given(Request.Create().WithPath(CreatePath).UsingPost())
            .RespondWith(Response.Create().WithCallback(r => HandleAsync(SimulatorOperation.CreateTask, r)));
        _api.Given(Request.Create().WithPath(new RegexMatcher("^/v1/tasks/[^/]*$")).UsingGet())
            .RespondWith(Response.Create().WithCallback(r => HandleAsync(SimulatorOperation.GetTask, r)));
        _api.Given(Request.Create().WithPath(CreditsPath).UsingGet())
            .RespondWith(Response.Create().WithCallback(r => HandleAsync(SimulatorOperation.GetCredits, r)));
        _files.Given(Request.Create().WithPath(new RegexMatcher("^/images/[^/]+$")).UsingGet())
            .RespondWith(Response.Create().WithCallback(r => HandleAsync(SimulatorOperation.DownloadOutput, r)));
    }

    /// <summary>The API's base URL (ends with <c>/</c>), such as <c>http://localhost:5100/</c>.</summary>
    public Uri Url { get; }

    /// <summary>The base URL of the output-file host: another port and, on loopback, another host name than <see cref="Url"/>.</summary>
    public Uri FilesUrl { get; }

    /// <summary>The credit balance. Each create spends <see cref="CreditsPerImage"/>; a failed task's credits come back. Set it to test 402.</summary>
    public int Credits
    {
        get => Volatile.Read(ref _credits);
        set
        {
            ArgumentOutOfRangeException.ThrowIfNegative(value);
            Volatile.Write(ref _credits, value);
        }
    }

    /// <summary>How many create requests arrived (valid or not).</summary>
    public int CreatesReceived => Volatile.Read(ref _creates);

    /// <summary>How many task queries arrived.</summary>
    public int TaskQueriesReceived => Volatile.Read(ref _taskQueries);

    /// <summary>How many credit queries arrived.</summary>
    public int CreditQueriesReceived => Volatile.Read(ref _creditQueries);

    /// <summary>How many tasks were created (and billed).</summary>
    public int TasksCreated => _tasks.Count;

    /// <summary>Every request received, API and file host, in arrival order (empty when <see cref="SimulatorOptions.RecordRequests"/> is off).</summary>
    public IReadOnlyList<SimulatorRequest> Requests => _requests.ToArray();

    /// <summary>The callbacks sent so far, in order.</summary>
    public IReadOnlyList<CallbackDelivery> Callbacks
    {
        get
        {
            lock (_callbacks) return _callbacks.ToArray();
        }
    }

    /// <summary>Starts a simulator: in-process on a free port by default, or on <see cref="SimulatorOptions.Host"/>:<see cref="SimulatorOptions.Port"/>.</summary>
    public static NanoBananaSimulator Start(SimulatorOptions? options = null) => new(options ?? new SimulatorOptions());

    /// <summary>Applies <paramref name="fault"/> to the next <see cref="SimulatorFault.Times"/> matching requests. Faults queue in order.</summary>
    public void InjectFault(SimulatorFault fault)
    {
        ArgumentNullException.ThrowIfNull(fault);
        lock (_faults)
        {
            _faults.Add(new ActiveFault(fault));
            Volatile.Write(ref _faultCount, _faults.Count);
        }
    }

    /// <summary>Removes every injected fault that has not fired yet.</summary>
    public void ClearFaults()
    {
        lock (_faults)
        {
            _faults.Clear();
            Volatile.Write(ref _faultCount, 0);
        }
    }

    /// <summary>Completes when at least <paramref name="count"/> callbacks have been sent (delivered or not).</summary>
    public Task WaitForCallbacksAsync(int count, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        lock (_callbacks)
        {
            if (_callbacks.Count >= count) return Task.CompletedTask;
            var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            _callbackWaiters.Add((count, done));
            return done.Task.WaitAsync(cancellationToken);
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0) return;
        _stopping.Cancel();
        foreach (var task in _tasks.Values) task.Timer?.Dispose();
        _api.Stop();
        _files.Stop();
        _api.Dispose();
        _files.Dispose();
        _callbackClient.Dispose();
        _stopping.Dispose();
    }

    /// <inheritdoc />
    public ValueTask DisposeAsync()
    {
        Dispose();
        return ValueTask.CompletedTask;
    }

    private async Task<IResponseMessage> HandleAsync(SimulatorOperation operation, IRequestMessage request)
    {
        var authorization = Header(request, "Authorization");
        if (_options.RecordRequests)
        {
            _requests.Enqueue(new SimulatorRequest(operation, request.Method, request.Path, request.Body, authorization, _time.GetUtcNow()));
        }

        var fault = TakeFault(operation);
        switch (fault?.Kind)
        {
            case SimulatorFaultKind.Error:
                return Error(fault.ErrorCode!, retryAfter: fault.RetryAfter);
            case SimulatorFaultKind.RateLimit:
                return Error("rate_limit_exceeded", retryAfter: fault.RetryAfter);
            case SimulatorFaultKind.Delay:
                await Task.Delay(fault.Delay, _time, _stopping.Token).ConfigureAwait(false);
                break;
        }

        var response = operation == SimulatorOperation.DownloadOutput ? Download(request) : Api(operation, request, authorization);
        return fault?.Kind switch
        {
            SimulatorFaultKind.DropConnection => Dropped(response),
            SimulatorFaultKind.MalformedBody => Malformed(response),
            _ => response,
        };
    }

    private ResponseMessage Api(SimulatorOperation operation, IRequestMessage request, string? authorization)
    {
        switch (operation)
        {
            case SimulatorOperation.CreateTask: Interlocked.Increment(ref _creates); break;
            case SimulatorOperation.GetTask: Interlocked.Increment(ref _taskQueries); break;
            case SimulatorOperation.GetCredits: Interlocked.Increment(ref _creditQueries); break;
        }

        if (!IsValidKey(authorization)) return Error("invalid_api_key");
        if (RateLimited()) return Error("rate_limit_exceeded", retryAfter: _options.RetryAfter);
        return operation switch
        {
            SimulatorOperation.CreateTask => Create(request),
            SimulatorOperation.GetTask => GetTask(request),
            _ => Json(200, new JsonObject { ["credits"] = Credits }.ToJsonString(SimulatorJson.Options)),
        };
    }

    private ResponseMessage Create(IRequestMessage request)
    {
        var problem = _validator.Validate(request.Body, out var body);
        if (problem is { } p) return Error(p.Code, p.Message);

        if (!TrySpend(CreditsPerImage)) return Error("insufficient_credits");
        var input = (JObject)body!["input"]!;
        var prompt = (string)input["prompt"]!;
        var callback = body["callback_url"] is JValue { Type: JTokenType.String } url ? new Uri((string)url!) : null;
        var task = new SimulatedTask(
            Guid.NewGuid().ToString(),
            (string)body["model"]!,
            _time.GetUtcNow(),
            (string?)input["aspect_ratio"],
            callback,
            fails: _options.FailurePromptMarker.Length > 0 && prompt.Contains(_options.FailurePromptMarker, StringComparison.Ordinal));
        _tasks[task.Id] = task;

        // Tasks that must act when they finish (a callback to send, credits to refund) get a timer on the clock.
        if (task.CallbackUrl is not null || task.Fails)
        {
            if (_options.TaskDuration == TimeSpan.Zero) Finish(task);
            else task.Timer = _time.CreateTimer(static state => { var (s, t) = ((NanoBananaSimulator, SimulatedTask))state!; s.Finish(t); }, (this, task), _options.TaskDuration, Timeout.InfiniteTimeSpan);
        }

        return Json(200, new JsonObject { ["code"] = 200, ["msg"] = "success", ["data"] = new JsonObject { ["taskId"] = task.Id } }.ToJsonString(SimulatorJson.Options));
    }

    private ResponseMessage GetTask(IRequestMessage request)
    {
        var id = Uri.UnescapeDataString(request.Path[TasksPrefix.Length..]);
        if (!IsValidTaskId(id)) return Error("invalid_request", "'taskId' must be 1 to 128 characters of letters, digits, '_' or '-'.");
        if (!_tasks.TryGetValue(id, out var task)) return Error("task_not_found", $"Task ID does not exist: '{id}'.");
        var now = _time.GetUtcNow();
        var json = TaskJson(task, now);
        if (IsFinished(task, now)) Finish(task);
        return Json(200, json.ToJsonString(SimulatorJson.Options));
    }

    private ResponseMessage Download(IRequestMessage request)
    {
        var name = request.Path[ImagesPrefix.Length..];
        var id = name.EndsWith(".png", StringComparison.Ordinal) ? name[..^4] : name;
        if (!_tasks.TryGetValue(id, out var task) || task.Fails || !IsFinished(task, _time.GetUtcNow()))
        {
            return Text(404, "No such output.");
        }

        var png = _images.GetOrAdd(task.Size, size => new Lazy<byte[]>(() => PngImage.Encode(size.Width, size.Height))).Value;
        return new ResponseMessage
        {
            StatusCode = 200,
            Headers = new Dictionary<string, WireMockList<string>> { ["Content-Type"] = new("image/png") },
            BodyData = new BodyData { DetectedBodyType = BodyType.Bytes, BodyAsBytes = png },
        };
    }

    /// <summary>The task as <c>GET /v1/tasks/{taskId}</c> shows it at <paramref name="now"/> (and as the callback sends it).</summary>
    private JsonObject TaskJson(SimulatedTask task, DateTimeOffset now)
    {
        var elapsed = now - task.CreatedAt;
        var json = new JsonObject
        {
            ["id"] = task.Id,
            ["model"] = task.Model,
            ["created_at"] = task.CreatedAt.ToUnixTimeSeconds(),
        };
        if (elapsed < _processingAfter)
        {
            json["status"] = "pending";
            json["progress"] = 0.0;
        }
        else if (elapsed < _options.TaskDuration)
        {
            json["status"] = "processing";
            json["progress"] = Math.Round(Math.Min(99.0, 100.0 * elapsed / _options.TaskDuration), 1);
        }
        else if (task.Fails)
        {
            json["status"] = "failed";
            json["completed_at"] = (task.CreatedAt + _options.TaskDuration).ToUnixTimeSeconds();
            json["error"] = new JsonObject
            {
                ["code"] = "upstream_error",
                ["message"] = $"The upstream AI provider returned an error (simulated: the prompt contains '{_options.FailurePromptMarker}').",
            };
        }
        else
        {
            json["status"] = "completed";
            json["completed_at"] = (task.CreatedAt + _options.TaskDuration).ToUnixTimeSeconds();
            json["progress"] = 100.0;
            json["output"] = new JsonObject
            {
                ["urls"] = new JsonArray(new Uri(FilesUrl, $"images/{task.Id}.png").AbsoluteUri),
                ["metadata"] = new JsonObject { ["model"] = task.Model, ["costTime"] = (long)_options.TaskDuration.TotalMilliseconds },
            };
        }

        return json;
    }

    private bool IsFinished(SimulatedTask task, DateTimeOffset now) => now - task.CreatedAt >= _options.TaskDuration;

    /// <summary>Runs once per task, when its timer fires or when a query first sees it finished: refund, callback.</summary>
    private void Finish(SimulatedTask task)
    {
        if (!task.TryMarkFinished()) return;
        task.Timer?.Dispose();
        if (task.Fails) Interlocked.Add(ref _credits, CreditsPerImage); // the docs: failed tasks are refunded
        if (task.CallbackUrl is not null && Volatile.Read(ref _disposed) == 0) _ = DeliverCallbackAsync(task);
    }

    private async Task DeliverCallbackAsync(SimulatedTask task)
    {
        var json = TaskJson(task, task.CreatedAt + _options.TaskDuration);
        var body = json.ToJsonString(SimulatorJson.Options);
        var status = (string)json["status"]!;
        CallbackDelivery delivery;
        try
        {
            using var content = new StringContent(body, Encoding.UTF8, "application/json");
            using var response = await _callbackClient.PostAsync(task.CallbackUrl, content, _stopping.Token).ConfigureAwait(false);
            delivery = new CallbackDelivery(task.Id, task.CallbackUrl!, status, body, (int)response.StatusCode, null);
        }
        catch (Exception e) when (e is HttpRequestException or OperationCanceledException or ObjectDisposedException)
        {
            delivery = new CallbackDelivery(task.Id, task.CallbackUrl!, status, body, null, e.Message);
        }

        lock (_callbacks)
        {
            _callbacks.Add(delivery);
            for (var i = _callbackWaiters.Count - 1; i >= 0; i--)
            {
                if (_callbacks.Count < _callbackWaiters[i].Count) continue;
                _callbackWaiters[i].Done.TrySetResult();
                _callbackWaiters.RemoveAt(i);
            }
        }
    }

    private bool TrySpend(int amount)
    {
        while (true)
        {
            var balance = Volatile.Read(ref _credits);
            if (balance < amount) return false;
            if (Interlocked.CompareExchange(ref _credits, balance - amount, balance) == balance) return true;
        }
    }

    private bool RateLimited()
    {
        if (_options.RateLimit is not { } limit) return false;
        var second = _time.GetUtcNow().ToUnixTimeSeconds();
        var window = Interlocked.Read(ref _rateWindow);
        if (second != window && Interlocked.CompareExchange(ref _rateWindow, second, window) == window)
        {
            Interlocked.Exchange(ref _rateCount, 0);
        }

        return Interlocked.Increment(ref _rateCount) > limit;
    }

    private SimulatorFault? TakeFault(SimulatorOperation operation)
    {
        if (Volatile.Read(ref _faultCount) == 0) return null;
        lock (_faults)
        {
            foreach (var active in _faults)
            {
                var matches = active.Fault.Operation == operation
                              || (active.Fault.Operation == SimulatorOperation.Any && operation != SimulatorOperation.DownloadOutput);
                if (!matches) continue;
                if (--active.Remaining == 0) _faults.Remove(active);
                Volatile.Write(ref _faultCount, _faults.Count);
                return active.Fault;
            }
        }

        return null;
    }

    private static bool IsValidKey(string? authorization)
    {
        if (authorization is null || !authorization.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase)) return false;
        var key = authorization["Bearer ".Length..].Trim();
        return key.Length > 3 && key.StartsWith("sk-", StringComparison.Ordinal);
    }

    private static bool IsValidTaskId(string id) =>
        id.Length is >= 1 and <= 128 && id.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '-');

    private static string? Header(IRequestMessage request, string name)
    {
        if (request.Headers is null) return null;
        foreach (var (key, values) in request.Headers)
        {
            if (string.Equals(key, name, StringComparison.OrdinalIgnoreCase)) return values.FirstOrDefault();
        }

        return null;
    }

    private static ResponseMessage Error(string code, string? message = null, TimeSpan? retryAfter = null)
    {
        var response = Json(SimulatorErrors.StatusOf(code), SimulatorErrors.Body(code, message));
        if (retryAfter is { } wait) response.Headers!["Retry-After"] = new WireMockList<string>(((long)Math.Ceiling(wait.TotalSeconds)).ToString(CultureInfo.InvariantCulture));
        return response;
    }

    private static ResponseMessage Json(int status, string json) => new()
    {
        StatusCode = status,
        Headers = new Dictionary<string, WireMockList<string>> { ["Content-Type"] = new("application/json") },
        BodyData = new BodyData { DetectedBodyType = BodyType.String, BodyAsString = json, Encoding = Encoding.UTF8 },
    };

    private static ResponseMessage Text(int status, string text) => new()
    {
        StatusCode = status,
        Headers = new Dictionary<string, WireMockList<string>> { ["Content-Type"] = new("text/plain") },
        BodyData = new BodyData { DetectedBodyType = BodyType.String, BodyAsString = text, Encoding = Encoding.UTF8 },
    };

    /// <summary>The request was handled; its answer is never sent: the connection is aborted (see <see cref="ConnectionDropper"/>).</summary>
    private static ResponseMessage Dropped(ResponseMessage response)
    {
        ConnectionDropper.DropCurrent();
        return response;
    }

    /// <summary>Half of the answer's body, under status 200: JSON that does not parse.</summary>
    private static ResponseMessage Malformed(ResponseMessage response)
    {
        var text = Encoding.UTF8.GetString(BodyBytes(response));
        return Json(200, text[..(text.Length / 2)]);
    }

    private static byte[] BodyBytes(ResponseMessage response) =>
        response.BodyData?.BodyAsBytes ?? Encoding.UTF8.GetBytes(response.BodyData?.BodyAsString ?? string.Empty);

    private static WireMockServer StartServer(string host, int port) => WireMockServer.Start(new WireMockServerSettings
    {
        Urls = [$"http://{host}:{port}"],
        StartAdminInterface = false,
        Logger = new WireMockNullLogger(),
        MaxRequestLogCount = 0,
        DisableJsonBodyParsing = true,
        DisableRequestBodyDecompressing = true,
        PreWireMockMiddlewareInit = ConnectionDropper.Install,
    });

    private static int FreePort(int except = -1)
    {
        while (true)
        {
            using var listener = new TcpListener(IPAddress.Loopback, 0);
            listener.Start();
            var port = ((IPEndPoint)listener.LocalEndpoint).Port;
            if (port != except) return port;
        }
    }

    private sealed class ActiveFault(SimulatorFault fault)
    {
        public SimulatorFault Fault { get; } = fault;

        public int Remaining { get; set; } = fault.Times;
    }
}

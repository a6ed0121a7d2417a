using System.Collections.Concurrent;
using WireMock.Server;

namespace NanoBanana.Simulator;

/// <summary>
/// A fake of the Nano Banana 2 Lite API that answers as the contract says: it validates creates against the
/// spec, builds every answer body from the spec's schemas (<see cref="SimulatorOptions.ContractFile"/> names another
/// version of it), runs each task through <c>pending</c> → <c>processing</c> → <c>completed</c> (or <c>failed</c>) on a
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
/// <remarks>
/// The class is split by concern: this file (options, state, public surface, lifetime),
/// <c>.Routing</c> (requests to handlers, key check, faults, rate limit), <c>.Tasks</c> (the task state machine,
/// refunds, callbacks), <c>.Credits</c> (the balance) and <c>.Outputs</c> (the PNG files host); the parts with a
/// state of their own are small classes: <see cref="FaultQueue"/>, <see cref="RateLimiter"/>,
/// <see cref="CallbackSender"/>, <see cref="SimulatorResponses"/>, <see cref="SimulatorHost"/>.
/// </remarks>
public sealed partial class NanoBananaSimulator : IDisposable, IAsyncDisposable
{
    /// <summary>A key the simulator accepts. Any key that starts with <c>sk-</c> is accepted; others get 401 <c>invalid_api_key</c>.</summary>
    public const string ApiKey = "sk-simulator";

    /// <summary>What one image costs (the docs: 10 credits at 1K).</summary>
    public const int CreditsPerImage = 10;

    private readonly SimulatorOptions _options;
    private readonly TimeProvider _time;
    private readonly WireMockServer _api;
    private readonly WireMockServer _files;
    private readonly ConcurrentDictionary<string, SimulatedTask> _tasks = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<SimulatorRequest> _requests = new();
    private readonly FaultQueue _faults = new();
    private readonly RateLimiter _rateLimiter;
    private readonly CallbackSender _callbacks = new();
    private readonly CancellationTokenSource _stopping = new();
    private readonly GenerationRequestValidator _validator;
    private readonly SimulatorBodies _bodies;
    private readonly Random _callbackLoss;
    private int _creates;
    private int _taskQueries;
    private int _creditQueries;
    private int _disposed;

    private NanoBananaSimulator(SimulatorOptions options)
    {
        ArgumentNullException.ThrowIfNull(options.TimeProvider, nameof(options.TimeProvider));
        ArgumentException.ThrowIfNullOrWhiteSpace(options.Host, nameof(options.Host));
        ArgumentOutOfRangeException.ThrowIfLessThan(options.TaskDuration, TimeSpan.Zero, nameof(options.TaskDuration));
        ArgumentOutOfRangeException.ThrowIfNegative(options.InitialCredits, nameof(options.InitialCredits));
        ArgumentOutOfRangeException.ThrowIfLessThan(options.CreateLatency, TimeSpan.Zero, nameof(options.CreateLatency));
        if (options.ProcessingAfter is { } after && (after < TimeSpan.Zero || after > options.TaskDuration))
        {
            throw new ArgumentOutOfRangeException(nameof(options), after, "ProcessingAfter must lie between zero and TaskDuration.");
        }

        ArgumentOutOfRangeException.ThrowIfLessThan(options.CallbackDelay, TimeSpan.Zero, nameof(options.CallbackDelay));
        if (options.CallbackLossRate is < 0 or > 1 || double.IsNaN(options.CallbackLossRate))
        {
            throw new ArgumentOutOfRangeException(nameof(options), options.CallbackLossRate, "CallbackLossRate must lie between 0 and 1.");
        }

        if (options.RateLimit is < 1) throw new ArgumentOutOfRangeException(nameof(options), options.RateLimit, "RateLimit must be at least 1 request per second (or null for none).");
        if (options.Port is { } p && options.FilesPort == p && p != 0) throw new ArgumentException("FilesPort must differ from Port: outputs live on another host.", nameof(options));

        // The contract it follows: requests are validated against it and every answer body is built from its schemas.
        var contract = options.ContractFile is { } file ? ContractSpec.FromFile(file) : ContractSpec.Current;
        _validator = new GenerationRequestValidator(contract);
        _bodies = new SimulatorBodies(contract);
        _options = options;
        _time = options.TimeProvider;
        _credits = options.InitialCredits;
        _rateLimiter = new RateLimiter(options.RateLimit, _time);
        _callbackLoss = options.CallbackLossSeed is { } seed ? new Random(seed) : new Random();

        var listenHost = options.Host is "*" or "+" ? "0.0.0.0" : options.Host;
        var publicHost = listenHost is "0.0.0.0" or "::" or "[::]" ? "localhost" : listenHost;
        var apiPort = options.Port is null or 0 ? SimulatorHost.FreePort() : options.Port.Value;
        _api = SimulatorHost.StartServer(listenHost, apiPort);
        var filesPort = options.FilesPort is null or 0 ? SimulatorHost.FreePort(except: apiPort) : options.FilesPort.Value;
        try
        {
            _files = SimulatorHost.StartServer(listenHost, filesPort);
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

        MapRoutes();
    }

    /// <summary>The API's base URL (ends with <c>/</c>), such as <c>http://localhost:5100/</c>.</summary>
    public Uri Url { get; }

    /// <summary>The base URL of the output-file host: another port and, on loopback, another host name than <see cref="Url"/>.</summary>
    public Uri FilesUrl { get; }

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
    public IReadOnlyList<CallbackDelivery> Callbacks => _callbacks.Sent;

    /// <summary>Starts a simulator: in-process on a free port by default, or on <see cref="SimulatorOptions.Host"/>:<see cref="SimulatorOptions.Port"/>.</summary>
    public static NanoBananaSimulator Start(SimulatorOptions? options = null) => new(options ?? new SimulatorOptions());

    /// <summary>Applies <paramref name="fault"/> to the next <see cref="SimulatorFault.Times"/> matching requests. Faults queue in order.</summary>
    public void InjectFault(SimulatorFault fault)
    {
        ArgumentNullException.ThrowIfNull(fault);
        _faults.Add(fault);
    }

    /// <summary>Removes every injected fault that has not fired yet.</summary>
    public void ClearFaults() => _faults.Clear();

    /// <summary>Completes when at least <paramref name="count"/> callbacks have been sent (delivered or not).</summary>
    public Task WaitForCallbacksAsync(int count, CancellationToken cancellationToken = default) => _callbacks.WaitForAsync(count, cancellationToken);

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
        _callbacks.Dispose();
        _stopping.Dispose();
    }

    /// <inheritdoc />
    public ValueTask DisposeAsync()
    {
        Dispose();
        return ValueTask.CompletedTask;
    }
}

using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using Microsoft.Extensions.Time.Testing;
using NanoBanana.Client;
using NanoBanana.Reliability.Tests.Infrastructure;
using NanoBanana.Simulator;
using NanoBanana.Testing;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;
using WireMock.Server;

namespace NanoBanana.Reliability.Tests.FaultMatrix;

/// <summary>
/// Servers shared by every row of the matrix (started once): the simulator on a fake clock, a WireMock server
/// for HTTP-level faults and a second WireMock server playing "another host" for redirects.
/// </summary>
public sealed class FaultRigServers : IAsyncLifetime
{
    public FakeTimeProvider Time { get; } = new(FakeClock.Start);

    public NanoBananaSimulator Simulator { get; private set; } = null!;

    public WireMockServer Mock { get; } = WireMockServer.Start();

    public WireMockServer OtherHost { get; } = WireMockServer.Start();

    /// <summary>A completed task on the simulator, for get and download rows.</summary>
    public string SimulatorTaskId { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Simulator = NanoBananaSimulator.Start(new SimulatorOptions { TaskDuration = TimeSpan.Zero, TimeProvider = Time, InitialCredits = 1_000_000 });
        using var client = new NanoBananaClient(new NanoBananaClientOptions { ApiKey = NanoBananaSimulator.ApiKey, BaseUrl = Simulator.Url }, null, null, null, Time);
        SimulatorTaskId = (await client.StartGenerationAsync(Requests.Valid())).TaskId;
    }

    public Task DisposeAsync()
    {
        Simulator.Dispose();
        Mock.Stop();
        Mock.Dispose();
        OtherHost.Stop();
        OtherHost.Dispose();
        return Task.CompletedTask;
    }
}

/// <summary>
/// One row's set-up: where the client points, how to count what the faulty server saw, and the run itself.
/// The fault's <see cref="Fault.Arrange"/> fills it in.
/// </summary>
public sealed class FaultRig : IAsyncDisposable
{
    public const string ApiKey = "sk-reliability-KEY-7f3a9c";
    public static readonly byte[] ImageBytes = Enumerable.Range(0, 4096).Select(i => (byte)(i * 31)).ToArray();
    private readonly List<IAsyncDisposable> _owned = [];

    public FaultRig(FaultRigServers servers, ApiOperation operation)
    {
        Servers = servers;
        Operation = operation;
        servers.Mock.Reset();
        servers.OtherHost.Reset();
        servers.Simulator.ClearFaults();
    }

    public FaultRigServers Servers { get; }

    public ApiOperation Operation { get; }

    public Uri ApiUrl { get; set; } = new("http://127.0.0.1:1/");

    public Uri DownloadUrl { get; set; } = new("http://127.0.0.1:1/images/x.png");

    public string TaskId { get; set; } = ApiStubs.TaskId;

    /// <summary>Requests the faulty server saw for this row's operation.</summary>
    public Func<int> Requests { get; set; } = () => 0;

    /// <summary>Tasks the server made (the simulator only; null elsewhere, where no create can make one).</summary>
    public Func<int>? TasksCreated { get; set; }

    public FakeLogCollector Logs { get; } = new();

    /// <summary>Every Authorization header another host received.</summary>
    public IEnumerable<string> OtherHostAuthorizations() =>
        Servers.OtherHost.LogEntries.SelectMany(e => e.RequestMessage.Headers?.Where(h => h.Key.Equals("Authorization", StringComparison.OrdinalIgnoreCase)).SelectMany(h => h.Value) ?? []);

    public int OtherHostRequests => Servers.OtherHost.LogEntries.Count();

    public void Own(IAsyncDisposable disposable) => _owned.Add(disposable);

    /// <summary>Points the rig at the simulator (counting its requests for the operation) and injects <paramref name="fault"/>.</summary>
    public void UseSimulator(SimulatorFault? fault)
    {
        var simulator = Servers.Simulator;
        var operation = ToSimulator(Operation);
        var before = simulator.Requests.Count(r => r.Operation == operation);
        var createdBefore = simulator.TasksCreated;
        ApiUrl = simulator.Url;
        TaskId = Servers.SimulatorTaskId;
        DownloadUrl = new Uri(simulator.FilesUrl, $"images/{Servers.SimulatorTaskId}.png");
        Requests = () => simulator.Requests.Count(r => r.Operation == operation) - before;
        TasksCreated = () => simulator.TasksCreated - createdBefore;
        if (fault is not null) simulator.InjectFault(fault);
    }

    /// <summary>Points the rig at the WireMock server: <paramref name="fault"/> answers the first request, the catalogue's answer the rest (or the fault always).</summary>
    public void UseWireMock(IResponseBuilder fault, bool always = false)
    {
        var mock = Servers.Mock;
        var path = PathOf(Operation);
        var method = Operation == ApiOperation.Create ? "POST" : "GET";
        var scenario = "row";
        if (always)
        {
            mock.Given(Request.Create().WithPath(path).UsingMethod(method)).RespondWith(fault);
        }
        else
        {
            mock.Given(Request.Create().WithPath(path).UsingMethod(method)).InScenario(scenario).WillSetStateTo("served").RespondWith(fault);
            mock.Given(Request.Create().WithPath(path).UsingMethod(method)).InScenario(scenario).WhenStateIs("served").RespondWith(NormalAnswer());
        }

        ApiUrl = new Uri(mock.Url! + "/");
        DownloadUrl = new Uri(ApiUrl, PathOf(ApiOperation.Download).TrimStart('/'));
        Requests = () => mock.LogEntries.Count(e => e.RequestMessage.Path == path);
    }

    /// <summary>Points the rig at a raw socket server: <paramref name="fault"/> answers the first request, a normal answer the rest.</summary>
    public void UseSocket(Func<HostileRequest, HostileConnection, Task> fault, bool always = false)
    {
        var server = new HostileServer((request, connection) => always || connection.Index == 0 ? fault(request, connection) : AnswerNormally(request, connection));
        Own(server);
        ApiUrl = server.Url;
        DownloadUrl = new Uri(server.Url, PathOf(ApiOperation.Download).TrimStart('/'));
        var path = PathOf(Operation);
        Requests = () => server.Received(path);
    }

    /// <summary>Points the client at a port where nothing listens.</summary>
    public void UseClosedPort()
    {
        using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        var port = ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        ApiUrl = new Uri($"http://127.0.0.1:{port}/");
        DownloadUrl = new Uri(ApiUrl, "images/x.png");
        Requests = () => 0;
    }

    /// <summary>The operation's path on the API (or the file host for downloads).</summary>
    public static string PathOf(ApiOperation operation) => operation switch
    {
        ApiOperation.Create => "/v1/images/generations",
        ApiOperation.GetTask => "/v1/tasks/" + ApiStubs.TaskId,
        ApiOperation.Credits => "/v1/credits",
        _ => "/images/" + ApiStubs.TaskId + ".png",
    };

    /// <summary>The catalogue's normal answer for the operation, as WireMock serves it.</summary>
    public IResponseBuilder NormalAnswer() => Operation switch
    {
        ApiOperation.Create => ApiStubs.Created().ToResponse(),
        ApiOperation.GetTask => ApiStubs.Completed().ToResponse(),
        ApiOperation.Credits => ApiStubs.Credits(990).ToResponse(),
        _ => Response.Create().WithStatusCode(200).WithHeader("Content-Type", "image/png").WithBody(ImageBytes),
    };

    /// <summary>The normal answer of a raw socket server.</summary>
    public static Task AnswerNormally(HostileRequest request, HostileConnection connection)
    {
        if (request.Path.StartsWith("/images/", StringComparison.Ordinal)) return connection.WriteResponseAsync(200, ImageBytes, "image/png");
        var stub = request.Path switch
        {
            "/v1/images/generations" => ApiStubs.Created(),
            "/v1/credits" => ApiStubs.Credits(990),
            _ => ApiStubs.Completed(),
        };
        return connection.WriteResponseAsync(stub.Status, System.Text.Encoding.UTF8.GetBytes(stub.Body!));
    }

    /// <summary>Runs the operation with a fresh client on the shared fake clock; returns the outcome as the matrix names it.</summary>
    public async Task<Observed> RunAsync(Fault fault)
    {
        var options = new NanoBananaClientOptions
        {
            ApiKey = ApiKey,
            BaseUrl = ApiUrl,
            RequestTimeout = TimeSpan.FromSeconds(5),
            DownloadTimeout = TimeSpan.FromSeconds(5),
            MaxDownloadBytes = 4 * 1024 * 1024,
            Retry = { MaxRetries = 3, BaseDelay = TimeSpan.FromMilliseconds(200), MaxDelay = TimeSpan.FromSeconds(2) },
        };
        using var loggerFactory = LoggerFactory.Create(b => b.SetMinimumLevel(LogLevel.Trace).AddProvider(new FakeLoggerProvider(Logs)));
        InFlightHandler? handler = null;
        HttpClient? api = null;
        HttpClient? download = null;
        if (!fault.ClientDefaultHandler)
        {
            handler = new InFlightHandler(new SocketsHttpHandler { AllowAutoRedirect = false });
            api = new HttpClient(handler) { Timeout = Timeout.InfiniteTimeSpan };
            download = new HttpClient(handler, disposeHandler: false) { Timeout = Timeout.InfiniteTimeSpan };
        }

        using var client = new NanoBananaClient(options, api, download, loggerFactory, Servers.Time);
        var started = Servers.Time.GetUtcNow();
        var destination = new MemoryStream();
        var call = Operation switch
        {
            ApiOperation.Create => Map(client.StartGenerationAsync(NanoBanana.Testing.Requests.Valid()), o => o.TaskId),
            ApiOperation.GetTask => Map(client.GetTaskAsync(TaskId), Describe),
            ApiOperation.Credits => Map(client.GetCreditsAsync(), c => c.Credits is null ? "result (no balance field)" : Expectation.Result),
            _ => Map(client.DownloadAsync(DownloadUrl, destination), n => n == destination.Length && n > 0 ? Expectation.Result : $"result ({n} bytes)"),
        };

        string outcome;
        Exception? error = null;
        try
        {
            await FakeClock.DriveAsync(call, Servers.Time, handler is null ? null : () => handler.MayAdvance(fault.Stalls));
            var value = await call;
            outcome = Operation == ApiOperation.Create ? (string.IsNullOrEmpty(value) ? "result (empty id)" : Expectation.Result) : value;
        }
        catch (Exception e)
        {
            error = e is AggregateException { InnerException: { } inner } ? inner : e;
            outcome = NameOf(error);
        }

        api?.Dispose();
        download?.Dispose();
        return new Observed(outcome, Requests(), OtherHostRequests, Servers.Time.GetUtcNow() - started, error, TasksCreated?.Invoke());
    }

    private static async Task<string> Map<T>(Task<T> task, Func<T, string> describe) => describe(await task);

    private string Describe(GenerationTask task) =>
        task.Id == TaskId && task.Status == GenerationTaskStatus.Completed ? Expectation.Result : $"result (id '{task.Id}', status {task.Status})";

    /// <summary>An exception as the matrix names it: its type, and for an unknown create outcome its cause's type.</summary>
    public static string NameOf(Exception e) => e is NanoBananaCreateOutcomeUnknownException { InnerException: { } cause }
        ? $"{e.GetType().Name} ← {cause.GetType().Name}"
        : e.GetType().Name;

    private static SimulatorOperation ToSimulator(ApiOperation operation) => operation switch
    {
        ApiOperation.Create => SimulatorOperation.CreateTask,
        ApiOperation.GetTask => SimulatorOperation.GetTask,
        ApiOperation.Credits => SimulatorOperation.GetCredits,
        _ => SimulatorOperation.DownloadOutput,
    };

    public async ValueTask DisposeAsync()
    {
        foreach (var owned in _owned) await owned.DisposeAsync();
    }
}

/// <summary>What a row did.</summary>
public sealed record Observed(string Outcome, int Requests, int OtherHost, TimeSpan Waited, Exception? Error, int? TasksCreated);

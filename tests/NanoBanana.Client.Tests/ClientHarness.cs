using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using Microsoft.Extensions.Time.Testing;
using NanoBanana.Client;
using NanoBanana.Testing;
using WireMock.Server;

namespace NanoBanana.Client.Tests;

/// <summary>
/// A WireMock server playing the API, a client pointed at it on a <see cref="FakeTimeProvider"/>, and the
/// client's logs. Time moves only when a test moves it (<see cref="RunAsync{T}"/>), and the harness moves it only
/// while no request is on the wire (<see cref="Idle"/>), so a slow loopback request never times out on fake time.
/// </summary>
public sealed class ClientHarness : IDisposable
{
    public const string ApiKey = "sk-test-0123456789abcdef-SECRET";

    private readonly InFlightHandler _apiHandler;
    private readonly InFlightHandler _downloadHandler;
    private readonly HttpClient _api;
    private readonly HttpClient _download;
    private readonly bool _requestsHang;

    /// <param name="configure">Changes the options.</param>
    /// <param name="requestsHang">
    /// The test's server deliberately never answers (a timeout test): fake time then moves with requests on the wire,
    /// which is how their per-attempt timeout fires.
    /// </param>
    public ClientHarness(Action<NanoBananaClientOptions>? configure = null, bool requestsHang = false)
    {
        _requestsHang = requestsHang;
        Server = WireMockServer.Start();
        Options = new NanoBananaClientOptions
        {
            ApiKey = ApiKey,
            BaseUrl = new Uri(Server.Url!),
            // The timeout tests count on it being 100 s.
            RequestTimeout = TimeSpan.FromSeconds(100),
        };
        configure?.Invoke(Options);
        Logs = new FakeLogCollector();
        LoggerFactory = Microsoft.Extensions.Logging.LoggerFactory.Create(b => b.SetMinimumLevel(LogLevel.Trace).AddProvider(new FakeLoggerProvider(Logs)));
        // The same handlers the client builds for itself (no redirects on the API), each behind an in-flight count.
        _apiHandler = new InFlightHandler(new SocketsHttpHandler { AutomaticDecompression = System.Net.DecompressionMethods.All, AllowAutoRedirect = false });
        _downloadHandler = new InFlightHandler(OutputUrlRule.CreateHandler());
        _api = new HttpClient(_apiHandler) { Timeout = Timeout.InfiniteTimeSpan };
        _download = new HttpClient(_downloadHandler) { Timeout = Timeout.InfiniteTimeSpan };
        Client = new NanoBananaClient(Options, _api, _download, LoggerFactory, Time);
    }

    public WireMockServer Server { get; }

    public FakeTimeProvider Time { get; } = new(FakeClock.Start);

    public NanoBananaClientOptions Options { get; }

    public FakeLogCollector Logs { get; }

    public ILoggerFactory LoggerFactory { get; }

    public NanoBananaClient Client { get; }

    /// <summary>Whether fake time may move: no request on the wire (or the test's server never answers anyway).</summary>
    public bool Idle => _requestsHang || (_apiHandler.InFlight == 0 && _downloadHandler.InFlight == 0);

    /// <summary>Requests the server received for a path (and method).</summary>
    public int Received(string path, string method = "GET") =>
        Server.LogEntries.Count(e => e.RequestMessage.Path == path && string.Equals(e.RequestMessage.Method, method, StringComparison.OrdinalIgnoreCase));

    /// <summary>
    /// Runs an operation to its end, moving fake time forward in <paramref name="step"/>s whenever it waits on the
    /// clock (backoff, polling) and no request is on the wire. Real time passes only for loopback I/O.
    /// </summary>
    public async Task<T> RunAsync<T>(Task<T> operation, TimeSpan? step = null, TimeSpan? limit = null)
    {
        await Drive(operation, step, limit);
        return await operation;
    }

    /// <inheritdoc cref="RunAsync{T}"/>
    public async Task RunAsync(Task operation, TimeSpan? step = null, TimeSpan? limit = null)
    {
        await Drive(operation, step, limit);
        await operation;
    }

    /// <summary>The fake time passed so far.</summary>
    public TimeSpan Elapsed => Time.GetUtcNow() - FakeClock.Start;

    private Task Drive(Task operation, TimeSpan? step, TimeSpan? limit)
    {
        var until = Time.GetUtcNow() + (limit ?? TimeSpan.FromHours(1));
        return FakeClock.DriveAsync(operation, Time, () => Time.GetUtcNow() < until && Idle, step, realLimit: TimeSpan.FromSeconds(30));
    }

    public void Dispose()
    {
        Client.Dispose();
        _api.Dispose();
        _download.Dispose();
        LoggerFactory.Dispose();
        Server.Stop();
        Server.Dispose();
    }
}

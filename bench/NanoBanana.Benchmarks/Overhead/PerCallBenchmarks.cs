using System.Net.Http.Headers;
using BenchmarkDotNet.Attributes;
using NanoBanana.Client;

namespace NanoBanana.Benchmarks.Overhead;

/// <summary>
/// Per-call overhead, side by side in one run: get-task and create-task through the hand-written baseline
/// and through the generated transport alone, against an in-memory handler and a loopback Kestrel endpoint.
/// </summary>
[MemoryDiagnoser]
[CategoriesColumn]
public class PerCallBenchmarks
{
    private const string ApiKey = "sk-benchmark-key";
    private static readonly Uri ApiHost = new("https://api.aivideoapi.ai/");

    private LoopbackServer? _server;
    private HttpClient _baselineHttp = null!;
    private HttpClient _transportHttp = null!;
    private BaselineClient _baseline = null!;
    private NanoBananaTransport _transport = null!;
    private GenerationRequest _request = null!;

    /// <summary>What answers the requests.</summary>
    [ParamsAllValues]
    public Endpoint Endpoint { get; set; }

    [GlobalSetup]
    public async Task SetupAsync()
    {
        Uri baseAddress = ApiHost;
        if (Endpoint == Endpoint.Loopback)
        {
            _server = await LoopbackServer.StartAsync().ConfigureAwait(false);
            baseAddress = _server.BaseAddress;
        }

        _baselineHttp = CreateHttpClient(baseAddress);
        _transportHttp = CreateHttpClient(baseAddress);
        _baseline = new BaselineClient(_baselineHttp);
        _transport = new NanoBananaTransport(_transportHttp);
        _request = CannedResponses.Request();
    }

    [GlobalCleanup]
    public async Task CleanupAsync()
    {
        _baselineHttp.Dispose();
        _transportHttp.Dispose();
        if (_server is not null)
        {
            await _server.DisposeAsync().ConfigureAwait(false);
        }
    }

    [Benchmark, BenchmarkCategory("get-task")]
    public Task<GenerationTask> GetTask_Baseline() => _baseline.GetTaskAsync(CannedResponses.TaskId, CancellationToken.None);

    [Benchmark, BenchmarkCategory("get-task")]
    public Task<GenerationTask> GetTask_Transport() => _transport.GetTaskAsync(CannedResponses.TaskId, CancellationToken.None);

    [Benchmark, BenchmarkCategory("create-task")]
    public Task<CreateTaskResponse> CreateTask_Baseline() => _baseline.CreateTaskAsync(_request, CancellationToken.None);

    [Benchmark, BenchmarkCategory("create-task")]
    public Task<CreateTaskResponse> CreateTask_Transport() => _transport.CreateTaskAsync(_request, CancellationToken.None);

    private HttpClient CreateHttpClient(Uri baseAddress)
    {
        HttpMessageHandler handler = Endpoint == Endpoint.InMemory
            ? new CannedResponseHandler()
            : new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(10) };
        var http = new HttpClient(handler) { BaseAddress = baseAddress };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", ApiKey);
        return http;
    }
}

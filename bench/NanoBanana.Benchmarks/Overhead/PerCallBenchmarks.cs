using System.Net.Http.Headers;
using BenchmarkDotNet.Attributes;
using NanoBanana.Client;
using NanoBanana.Client.Wire;
using GenerationRequest = NanoBanana.Client.GenerationRequest;
using GenerationTask = NanoBanana.Client.GenerationTask;
using NanoBanana.Kiota;
using KiotaModels = NanoBanana.Kiota.Models;

namespace NanoBanana.Benchmarks.Overhead;

/// <summary>
/// Per-call overhead, side by side in one run: get-task and create-task through the hand-written baseline,
/// the generated transport alone, the facade (<see cref="NanoBananaClient"/>, default options) and, as a peer, the
/// Kiota client (<see cref="NanoBananaKiotaClient"/> from its factory, with Kiota's middleware), against an
/// in-memory handler and a loopback Kestrel endpoint.
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
    private HttpClient _facadeHttp = null!;
    private HttpClient _facadeDownloadHttp = null!;
    private NanoBananaClient _facade = null!;
    private BaselineClient _baseline = null!;
    private NanoBananaTransport _transport = null!;
    private GenerationRequest _request = null!;
    private NanoBanana.Client.Wire.GenerationRequest _wireRequest = null!;
    private HttpClient _kiotaHttp = null!;
    private NanoBananaKiotaClient _kiota = null!;
    private KiotaModels.GenerationRequest _kiotaRequest = null!;

    /// <summary>The configured transport (for the breakdown's variants).</summary>
    internal NanoBananaTransport Transport => _transport;

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
        _transportHttp = new HttpClient(CreateHandler());
        _baseline = new BaselineClient(_baselineHttp);
        // The generated transport as the client assembly compiles it: with its CUSTOM hooks (the base URL and
        // the bearer key per request, the size-bounded body), configured as the facade configures it.
        _transport = new NanoBananaTransport(_transportHttp);
        _transport.Configure(baseAddress, ApiKey, new NanoBananaClientOptions().MaxResponseBytes);

        // The facade as a user gets it: default options, its own key handling (per request, not on the
        // HttpClient) and its BaseUrl; only the HttpClient is supplied, to reach the same endpoint.
        _facadeHttp = new HttpClient(CreateHandler()) { Timeout = Timeout.InfiniteTimeSpan };
        _facadeDownloadHttp = new HttpClient(CreateHandler());
        _facade = new NanoBananaClient(new NanoBananaClientOptions { ApiKey = ApiKey, BaseUrl = baseAddress }, _facadeHttp, _facadeDownloadHttp, null, null);
        _request = CannedResponses.Request();
        _wireRequest = WireMapping.ToWire(_request);

        // The Kiota client as a user gets it from NanoBananaKiotaClientFactory: Kiota's default middleware
        // (retry, redirect, headers, user agent, ...) over the same endpoint, the key from its auth provider.
        _kiotaHttp = Microsoft.Kiota.Http.HttpClientLibrary.KiotaClientFactory.Create(NanoBananaKiotaClientFactory.CreateDefaultHandlers(), CreateHandler());
        _kiota = NanoBananaKiotaClientFactory.Create(new NanoBananaKiotaOptions { ApiKey = ApiKey, BaseUrl = baseAddress }, _kiotaHttp);
        _kiotaRequest = new KiotaModels.GenerationRequest
        {
            Model = KiotaModels.ImageModel.NanoBanana2Lite,
            Input = new KiotaModels.GenerationInput { Prompt = _request.Input.Prompt, AspectRatio = KiotaModels.AspectRatio.Landscape16x9 },
        };
    }

    [GlobalCleanup]
    public async Task CleanupAsync()
    {
        _baselineHttp.Dispose();
        _transportHttp.Dispose();
        _facade.Dispose();
        _facadeHttp.Dispose();
        _facadeDownloadHttp.Dispose();
        _kiotaHttp.Dispose();
        if (_server is not null)
        {
            await _server.DisposeAsync().ConfigureAwait(false);
        }
    }

    [Benchmark, BenchmarkCategory("get-task")]
    public Task GetTask_Baseline() => _baseline.GetTaskAsync(CannedResponses.TaskId, CancellationToken.None);

    [Benchmark, BenchmarkCategory("get-task")]
    public Task GetTask_Transport() => _transport.GetTaskAsync(CannedResponses.TaskId, CancellationToken.None);

    [Benchmark, BenchmarkCategory("get-task")]
    public Task<GenerationTask> GetTask_Facade() => _facade.GetTaskAsync(CannedResponses.TaskId, CancellationToken.None);

    [Benchmark, BenchmarkCategory("get-task")]
    public Task<KiotaModels.GenerationTask?> GetTask_Kiota() => _kiota.V1.Tasks[CannedResponses.TaskId].GetAsync(cancellationToken: CancellationToken.None);

    [Benchmark, BenchmarkCategory("create-task")]
    public Task CreateTask_Baseline() => _baseline.CreateTaskAsync(_wireRequest, CancellationToken.None);

    [Benchmark, BenchmarkCategory("create-task")]
    public Task CreateTask_Transport() => _transport.CreateTaskAsync(_wireRequest, CancellationToken.None);

    [Benchmark, BenchmarkCategory("create-task")]
    public Task<GenerationOperation> CreateTask_Facade() => _facade.StartGenerationAsync(_request, CancellationToken.None);

    [Benchmark, BenchmarkCategory("create-task")]
    public Task<KiotaModels.CreateTaskResponse?> CreateTask_Kiota() => _kiota.V1.Images.Generations.PostAsync(_kiotaRequest, cancellationToken: CancellationToken.None);

    private HttpMessageHandler CreateHandler() => Endpoint == Endpoint.InMemory
        ? new CannedResponseHandler()
        : new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(10) };

    private HttpClient CreateHttpClient(Uri baseAddress)
    {
        var http = new HttpClient(CreateHandler()) { BaseAddress = baseAddress };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", ApiKey);
        return http;
    }
}

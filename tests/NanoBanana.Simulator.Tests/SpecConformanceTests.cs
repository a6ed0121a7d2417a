using System.Text;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Time.Testing;
using NanoBanana.Testing;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;
using WireMock.Server;

namespace NanoBanana.Simulator.Tests;

/// <summary>
/// The simulator driven through every flow; every answer it gives is checked against the spec with the same
/// <see cref="ContractChecker"/> that holds the stubs.
/// </summary>
public sealed class SpecConformanceTests : IAsyncDisposable
{
    private readonly FakeTimeProvider _clock = new(DateTimeOffset.Parse("2026-07-02T10:00:00Z", System.Globalization.CultureInfo.InvariantCulture));
    private readonly NanoBananaSimulator _simulator;
    private readonly HttpClient _http;
    private readonly List<ContractExchange> _checked = [];

    public SpecConformanceTests()
    {
        _simulator = NanoBananaSimulator.Start(new SimulatorOptions { TimeProvider = _clock, TaskDuration = TimeSpan.FromSeconds(8), ProcessingAfter = TimeSpan.FromSeconds(2) });
        _http = Http.Client(_simulator);
    }

    public async ValueTask DisposeAsync()
    {
        _http.Dispose();
        await _simulator.DisposeAsync();
    }

    /// <summary>Sends a request and asserts the answer conforms; returns the answer's JSON.</summary>
    private async Task<JsonNode?> ConformingAsync(string name, HttpMethod method, string path, string? body = null, HttpClient? client = null, int? expectStatus = null)
    {
        using var request = new HttpRequestMessage(method, path.TrimStart('/'));
        if (body is not null) request.Content = new StringContent(body, Encoding.UTF8, "application/json");
        using var response = await (client ?? _http).SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        var headers = response.Headers.ToDictionary(h => h.Key, h => string.Join(",", h.Value));
        var exchange = new ContractExchange(name, method.Method, path, (int)response.StatusCode, text, headers);
        _checked.Add(exchange);
        var violations = ContractChecker.Default.Check(exchange);
        Assert.True(violations.Count == 0, string.Join(Environment.NewLine, violations) + Environment.NewLine + text);
        if (expectStatus is { } status) Assert.True(status == (int)response.StatusCode, $"{name}: expected {status}, got {(int)response.StatusCode}: {text}");
        return JsonNode.Parse(text);
    }

    private async Task<string> CreateAsync(string name, string body)
    {
        var json = await ConformingAsync(name, HttpMethod.Post, "/v1/images/generations", body, expectStatus: 200);
        return json!["data"]!["taskId"]!.GetValue<string>();
    }

    [Fact]
    public async Task A_task_through_every_status_conforms()
    {
        var id = await CreateAsync("create (docs example 1)", """{"model":"nano-banana-2-lite","callback_url":"https://your-server.com/webhook","input":{"prompt":"A polished comic-style launch scene in a bright creative workspace","aspect_ratio":"16:9"}}""");
        await CreateAsync("create (docs example 2)", """{"model":"nano-banana-2-lite","input":{"prompt":"Transform this product photo into a clean studio advertisement","image_urls":["https://example.com/product.png"],"aspect_ratio":"4:5"}}""");

        var seen = new List<string>();
        foreach (var step in new[] { 0, 4, 4 })
        {
            _clock.Advance(TimeSpan.FromSeconds(step));
            var task = await ConformingAsync($"get task after {step}s", HttpMethod.Get, "/v1/tasks/" + id, expectStatus: 200);
            seen.Add(task!["status"]!.GetValue<string>());
        }

        Assert.Equal(["pending", "processing", "completed"], seen);
    }

    [Fact]
    public async Task A_failed_task_conforms()
    {
        var id = await CreateAsync("create failing", """{"model":"nano-banana-2-lite","input":{"prompt":"a banana [fail]"}}""");
        _clock.Advance(TimeSpan.FromSeconds(8));
        var task = await ConformingAsync("get failed task", HttpMethod.Get, "/v1/tasks/" + id, expectStatus: 200);
        Assert.Equal("failed", task!["status"]!.GetValue<string>());
    }

    [Fact]
    public async Task Every_error_the_simulator_gives_conforms()
    {
        await ConformingAsync("missing model", HttpMethod.Post, "/v1/images/generations", """{"input":{"prompt":"x"}}""", expectStatus: 400);
        await ConformingAsync("missing prompt", HttpMethod.Post, "/v1/images/generations", """{"model":"nano-banana-2-lite","input":{}}""", expectStatus: 400);
        await ConformingAsync("bad aspect ratio", HttpMethod.Post, "/v1/images/generations", """{"model":"nano-banana-2-lite","input":{"prompt":"x","aspect_ratio":"7:3"}}""", expectStatus: 400);
        await ConformingAsync("2K", HttpMethod.Post, "/v1/images/generations", """{"model":"nano-banana-2-lite","input":{"prompt":"x","resolution":"2K"}}""", expectStatus: 400);
        await ConformingAsync("not json", HttpMethod.Post, "/v1/images/generations", "{", expectStatus: 400);
        await ConformingAsync("unknown model", HttpMethod.Post, "/v1/images/generations", """{"model":"nano-banana-pro","input":{"prompt":"x"}}""", expectStatus: 404);
        await ConformingAsync("unknown task", HttpMethod.Get, "/v1/tasks/no-such-task", expectStatus: 404);
        await ConformingAsync("invalid task id", HttpMethod.Get, "/v1/tasks/a%20b", expectStatus: 400);

        using var badKey = Http.Client(_simulator, "pk-123");
        await ConformingAsync("bad key create", HttpMethod.Post, "/v1/images/generations", Http.TextToImage, badKey, 401);
        await ConformingAsync("bad key task", HttpMethod.Get, "/v1/tasks/x", client: badKey, expectStatus: 401);
        await ConformingAsync("bad key credits", HttpMethod.Get, "/v1/credits", client: badKey, expectStatus: 401);

        _simulator.Credits = 5;
        await ConformingAsync("out of credits", HttpMethod.Post, "/v1/images/generations", Http.TextToImage, expectStatus: 402);
        await ConformingAsync("credits", HttpMethod.Get, "/v1/credits", expectStatus: 200);
    }

    public static TheoryData<string, string> InjectedErrors()
    {
        var data = new TheoryData<string, string>();
        foreach (var operation in new[] { "createTask", "getTask", "getCredits" })
        {
            foreach (var error in ApiStubs.ErrorsOf(operation)) data.Add(operation, error.Code);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(InjectedErrors))]
    public async Task Every_documented_error_injected_conforms(string operationId, string code)
    {
        var (method, path) = ApiStubs.Route(operationId);
        var retryAfter = code is "rate_limit_exceeded" or "spend_limit_exceeded" or "upstream_error" ? TimeSpan.FromSeconds(2) : (TimeSpan?)null;
        _simulator.InjectFault(SimulatorFault.Error(code, retryAfter: retryAfter));

        var json = await ConformingAsync($"{operationId} injected {code}", new HttpMethod(method), path, method == "POST" ? Http.TextToImage : null);

        Assert.Equal(code, json!["error"]!["code"]!.GetValue<string>());
    }

    [Fact]
    public async Task Injected_rate_limit_conforms_with_its_retry_after()
    {
        _simulator.InjectFault(SimulatorFault.RateLimit(TimeSpan.FromSeconds(3), times: 3));
        await ConformingAsync("429 create", HttpMethod.Post, "/v1/images/generations", Http.TextToImage, expectStatus: 429);
        await ConformingAsync("429 task", HttpMethod.Get, "/v1/tasks/x", expectStatus: 429);
        await ConformingAsync("429 credits", HttpMethod.Get, "/v1/credits", expectStatus: 429);
        Assert.All(_checked, e => Assert.Equal("3", e.Headers!["Retry-After"]));
    }

    [Fact]
    public async Task Callbacks_conform_to_the_callback_schema()
    {
        using var receiver = WireMockServer.Start();
        receiver.Given(Request.Create().WithPath("/hook").UsingPost()).RespondWith(Response.Create().WithStatusCode(200));
        await CreateAsync("create with callback", $$$"""{"model":"nano-banana-2-lite","callback_url":"{{{receiver.Url}}}/hook","input":{"prompt":"x"}}""");
        await CreateAsync("create failing with callback", $$$"""{"model":"nano-banana-2-lite","callback_url":"{{{receiver.Url}}}/hook","input":{"prompt":"x [fail]"}}""");

        _clock.Advance(TimeSpan.FromSeconds(8));
        await _simulator.WaitForCallbacksAsync(2, new CancellationTokenSource(TimeSpan.FromSeconds(30)).Token);

        Assert.Equal(["completed", "failed"], _simulator.Callbacks.Select(c => c.Status).Order());
        foreach (var entry in receiver.LogEntries)
        {
            var violations = ContractChecker.Default.CheckCallback("callback", entry.RequestMessage.Body!);
            Assert.True(violations.Count == 0, string.Join(Environment.NewLine, violations));
        }
    }

    [Fact]
    public void The_checker_rejects_what_the_simulator_must_never_send()
    {
        // The conformance above means something only if the same check fails a bad answer.
        var violations = ContractChecker.Default.Check(new ContractExchange("bad task", "GET", "/v1/tasks/abc", 200, """{"id":"abc","status":"done","progress":150}"""));
        Assert.Equal(2, violations.Count);
        Assert.NotEmpty(ContractChecker.Default.CheckCallback("bad callback", """{"status":"completed"}"""));
    }
}

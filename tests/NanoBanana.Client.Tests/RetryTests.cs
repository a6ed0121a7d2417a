using System.Net;
using System.Net.Sockets;
using NanoBanana.Client;
using NanoBanana.Testing;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;

namespace NanoBanana.Client.Tests;

/// <summary>Reads retry transient failures; a create retries only definite rejections. Counted on the server.</summary>
public sealed class RetryTests : IDisposable
{
    private const string CreatePath = "/v1/images/generations";
    private static readonly string TaskPath = "/v1/tasks/" + ApiStubs.TaskId;
    private readonly ClientHarness _h = new();

    public void Dispose() => _h.Dispose();

    [Fact]
    public async Task Create_after_a_500_is_not_retried_and_the_outcome_is_unknown()
    {
        _h.Server.Serve(ApiStubs.Error("createTask", "internal_error"));

        var ex = await Assert.ThrowsAsync<NanoBananaCreateOutcomeUnknownException>(() => _h.RunAsync(_h.Client.StartGenerationAsync(Requests.Valid())));

        Assert.Equal(1, _h.Received(CreatePath, "POST"));
        Assert.Equal(500, ex.StatusCode);
        Assert.False(ex.IsTransient);
    }

    [Fact]
    public async Task Create_after_a_timeout_is_not_retried_and_the_outcome_is_unknown()
    {
        await using var server = HostileServer.Dropping(hang: true);
        using var h = new ClientHarness(o => o.BaseUrl = server.Url, requestsHang: true);

        var ex = await Assert.ThrowsAsync<NanoBananaCreateOutcomeUnknownException>(() => h.RunAsync(h.Client.StartGenerationAsync(Requests.Valid()), TimeSpan.FromSeconds(2)));

        Assert.Equal(1, server.RequestCount);
        Assert.True(Assert.IsType<NanoBananaNetworkException>(ex.InnerException).IsTimeout);
        Assert.Contains("may exist", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Create_after_a_dropped_connection_is_not_retried_and_the_outcome_is_unknown()
    {
        await using var server = HostileServer.Dropping();
        using var h = new ClientHarness(o => o.BaseUrl = server.Url);

        var ex = await Assert.ThrowsAsync<NanoBananaCreateOutcomeUnknownException>(() => h.RunAsync(h.Client.StartGenerationAsync(Requests.Valid())));

        Assert.Equal(1, server.RequestCount);
        Assert.False(Assert.IsType<NanoBananaNetworkException>(ex.InnerException).RequestNotSent);
    }

    [Fact]
    public async Task Create_after_a_malformed_200_is_not_retried_and_the_outcome_is_unknown()
    {
        _h.Server.Given(Request.Create().WithPath(CreatePath).UsingPost())
            .RespondWith(Response.Create().WithStatusCode(200).WithBody("<html>proxy</html>"));

        var ex = await Assert.ThrowsAsync<NanoBananaCreateOutcomeUnknownException>(() => _h.RunAsync(_h.Client.StartGenerationAsync(Requests.Valid())));

        Assert.Equal(1, _h.Received(CreatePath, "POST"));
        Assert.Equal("<html>proxy</html>", ex.ResponseExcerpt);
    }

    [Fact]
    public async Task Create_after_rate_limit_exceeded_is_retried_after_Retry_After()
    {
        _h.Server.ServeInSequence(ApiStubs.Error("createTask", "rate_limit_exceeded", retryAfter: "3"), ApiStubs.Created("task-2"));

        var create = _h.Client.StartGenerationAsync(Requests.Valid());
        await WaitFor(() => _h.Received(CreatePath, "POST") == 1);
        _h.Time.Advance(TimeSpan.FromSeconds(2.9));
        await Task.Delay(100);
        Assert.Equal(1, _h.Received(CreatePath, "POST"));
        _h.Time.Advance(TimeSpan.FromSeconds(0.2));

        Assert.Equal("task-2", (await _h.RunAsync(create)).TaskId);
        Assert.Equal(2, _h.Received(CreatePath, "POST"));
    }

    [Fact]
    public async Task Create_after_spend_limit_exceeded_is_not_retried()
    {
        _h.Server.Serve(ApiStubs.Error("createTask", "spend_limit_exceeded", retryAfter: "1"));

        var ex = await Assert.ThrowsAsync<NanoBananaSpendLimitException>(() => _h.RunAsync(_h.Client.StartGenerationAsync(Requests.Valid())));

        Assert.Equal(1, _h.Received(CreatePath, "POST"));
        Assert.False(ex.IsTransient);
    }

    [Theory]
    [InlineData("upstream_error")]
    [InlineData("insufficient_credits")]
    [InlineData("invalid_api_key")]
    public async Task Create_is_not_retried_after_other_rejections(string code)
    {
        _h.Server.Serve(ApiStubs.Error("createTask", code));

        await Assert.ThrowsAnyAsync<NanoBananaException>(() => _h.RunAsync(_h.Client.StartGenerationAsync(Requests.Valid())));

        Assert.Equal(1, _h.Received(CreatePath, "POST"));
    }

    [Theory]
    [InlineData(502, "text/html", "<html><body>Bad gateway</body></html>")]
    [InlineData(504, "text/plain", "")]
    [InlineData(503, "text/html", "<html>Service Unavailable</html>")]
    [InlineData(500, "application/json", "{\"error\":{\"code\":\"database_down\",\"message\":\"x\",\"type\":\"api_error\"}}")]
    [InlineData(501, "application/json", "{\"error\":{\"code\":\"not_implemented\",\"message\":\"x\",\"type\":\"api_error\"}}")]
    public async Task Create_after_an_undocumented_server_error_is_sent_once_and_the_outcome_is_unknown(int status, string contentType, string body)
    {
        _h.Server.Given(Request.Create().WithPath(CreatePath).UsingPost())
            .RespondWith(Response.Create().WithStatusCode(status).WithHeader("Content-Type", contentType).WithBody(body));

        var ex = await Assert.ThrowsAsync<NanoBananaCreateOutcomeUnknownException>(() => _h.RunAsync(_h.Client.StartGenerationAsync(Requests.Valid())));

        Assert.Equal(1, _h.Received(CreatePath, "POST"));
        Assert.Equal(status, ex.StatusCode);
    }

    [Fact]
    public async Task Create_retried_after_a_rate_limit_stops_at_the_first_ambiguous_failure()
    {
        _h.Server.ServeInSequence(ApiStubs.Error("createTask", "rate_limit_exceeded", retryAfter: "1"), ApiStubs.Error("createTask", "internal_error"), ApiStubs.Created());

        var ex = await Assert.ThrowsAsync<NanoBananaCreateOutcomeUnknownException>(() => _h.RunAsync(_h.Client.StartGenerationAsync(Requests.Valid())));

        Assert.Equal(2, _h.Received(CreatePath, "POST")); // the 429, then the 500; never a third
        Assert.IsType<NanoBananaServerException>(ex.InnerException);
    }

    [Fact]
    public async Task Create_to_a_refused_connection_is_retried_since_nothing_was_sent()
    {
        var port = FreePort();
        using var h = new ClientHarness(o => { o.BaseUrl = new Uri($"http://127.0.0.1:{port}/"); o.Retry.MaxRetries = 2; });

        var ex = await Assert.ThrowsAsync<NanoBananaNetworkException>(() => h.RunAsync(h.Client.StartGenerationAsync(Requests.Valid())));

        Assert.True(ex.RequestNotSent);
        Assert.Equal(2, h.Logs.GetSnapshot().Count(r => r.Message.Contains("retrying", StringComparison.Ordinal)));
    }

    [Theory]
    [InlineData("internal_error")]
    [InlineData("rate_limit_exceeded")]
    public async Task Get_is_retried_after_transient_errors(string code)
    {
        _h.Server.ServeInSequence(ApiStubs.Error("getTask", code), ApiStubs.Error("getTask", code), ApiStubs.Completed());

        var task = await _h.RunAsync(_h.Client.GetTaskAsync(ApiStubs.TaskId));

        Assert.Equal(GenerationTaskStatus.Completed, task.Status);
        Assert.Equal(3, _h.Received(TaskPath));
    }

    [Fact]
    public async Task Get_retries_a_503_and_a_502_html_page()
    {
        _h.Server.ServeInSequence(
            new ApiStub("503", "getTask", "GET", TaskPath, 503, """{"error":{"code":"upstream_error","message":"x","type":"upstream_error"}}"""),
            new ApiStub("502", "getTask", "GET", TaskPath, 502, null),
            ApiStubs.Completed());

        await _h.RunAsync(_h.Client.GetTaskAsync(ApiStubs.TaskId));

        Assert.Equal(3, _h.Received(TaskPath));
    }

    [Fact]
    public async Task Get_gives_up_after_MaxRetries()
    {
        _h.Server.Serve(ApiStubs.Error("getTask", "internal_error"));

        await Assert.ThrowsAsync<NanoBananaServerException>(() => _h.RunAsync(_h.Client.GetTaskAsync(ApiStubs.TaskId)));

        Assert.Equal(1 + _h.Options.Retry.MaxRetries, _h.Received(TaskPath));
    }

    [Theory]
    [InlineData("task_not_found")]
    [InlineData("invalid_api_key")]
    [InlineData("ip_not_allowed")]
    public async Task Get_is_not_retried_after_permanent_errors(string code)
    {
        _h.Server.Serve(ApiStubs.Error("getTask", code));

        await Assert.ThrowsAnyAsync<NanoBananaException>(() => _h.RunAsync(_h.Client.GetTaskAsync(ApiStubs.TaskId)));

        Assert.Equal(1, _h.Received(TaskPath));
    }

    [Fact]
    public async Task Get_after_a_timeout_is_retried_with_a_fresh_per_attempt_timeout()
    {
        await using var server = HostileServer.Dropping(hang: true);
        using var h = new ClientHarness(o => { o.BaseUrl = server.Url; o.Retry.MaxRetries = 2; }, requestsHang: true);

        var ex = await Assert.ThrowsAsync<NanoBananaNetworkException>(() => h.RunAsync(h.Client.GetTaskAsync(ApiStubs.TaskId), TimeSpan.FromSeconds(2)));

        Assert.True(ex.IsTimeout);
        Assert.Equal(3, server.RequestCount);
        // Three attempts of 100 s each (RequestTimeout), plus backoff: each attempt had its own timeout.
        Assert.True(h.Elapsed >= TimeSpan.FromSeconds(300), $"elapsed {h.Elapsed}");
    }

    [Fact]
    public async Task Get_after_a_dropped_connection_is_retried()
    {
        await using var server = HostileServer.Dropping();
        using var h = new ClientHarness(o => { o.BaseUrl = server.Url; o.Retry.MaxRetries = 2; });

        await Assert.ThrowsAsync<NanoBananaNetworkException>(() => h.RunAsync(h.Client.GetTaskAsync(ApiStubs.TaskId)));

        Assert.Equal(3, server.RequestCount);
    }

    [Fact]
    public async Task Get_honours_Retry_After()
    {
        _h.Server.ServeInSequence(ApiStubs.Error("getTask", "rate_limit_exceeded", retryAfter: "5"), ApiStubs.Completed());

        var get = _h.Client.GetTaskAsync(ApiStubs.TaskId);
        await WaitFor(() => _h.Received(TaskPath) == 1);
        _h.Time.Advance(TimeSpan.FromSeconds(4.9));
        await Task.Delay(100);
        Assert.Equal(1, _h.Received(TaskPath));
        _h.Time.Advance(TimeSpan.FromSeconds(0.2));

        await _h.RunAsync(get);
        Assert.Equal(2, _h.Received(TaskPath));
    }

    [Fact]
    public async Task A_Retry_After_longer_than_MaxDelay_is_still_honoured_in_full()
    {
        _h.Server.ServeInSequence(ApiStubs.Error("getTask", "rate_limit_exceeded", retryAfter: "45"), ApiStubs.Completed());

        var get = _h.Client.GetTaskAsync(ApiStubs.TaskId);
        await WaitFor(() => _h.Received(TaskPath) == 1);
        await Task.Delay(50);
        _h.Time.Advance(TimeSpan.FromSeconds(44));
        await Task.Delay(100);
        Assert.Equal(1, _h.Received(TaskPath));

        await _h.RunAsync(get);
        Assert.Equal(2, _h.Received(TaskPath));
    }

    [Fact]
    public async Task A_Retry_After_beyond_MaxRetryAfter_goes_to_the_caller()
    {
        _h.Server.Serve(ApiStubs.Error("getTask", "rate_limit_exceeded", retryAfter: "3600"));

        var ex = await Assert.ThrowsAsync<NanoBananaRateLimitException>(() => _h.RunAsync(_h.Client.GetTaskAsync(ApiStubs.TaskId)));

        Assert.Equal(TimeSpan.FromHours(1), ex.RetryAfter);
        Assert.Equal(1, _h.Received(TaskPath));
    }

    [Fact]
    public async Task Credits_are_retried_after_a_500()
    {
        _h.Server.ServeInSequence(ApiStubs.Error("getCredits", "internal_error"), ApiStubs.Credits(5));

        var credits = await _h.RunAsync(_h.Client.GetCreditsAsync());

        Assert.Equal(5, credits.Credits);
        Assert.Equal(2, _h.Received("/v1/credits"));
    }

    [Fact]
    public async Task Download_is_retried_after_a_503()
    {
        using var files = WireMock.Server.WireMockServer.Start();
        files.Given(Request.Create().WithPath("/x.jpg").UsingGet()).InScenario("d").WillSetStateTo("ok")
            .RespondWith(Response.Create().WithStatusCode(503).WithHeader("Retry-After", "1"));
        files.Given(Request.Create().WithPath("/x.jpg").UsingGet()).InScenario("d").WhenStateIs("ok")
            .RespondWith(Response.Create().WithHeader("Content-Type", "image/jpeg").WithBody(new byte[] { 1, 2, 3 }));
        using var destination = new MemoryStream();

        var written = await _h.RunAsync(_h.Client.DownloadAsync(new Uri(files.Url + "/x.jpg"), destination));

        Assert.Equal(3, written);
        Assert.Equal(2, files.LogEntries.Count());
    }

    [Fact]
    public async Task Download_is_not_retried_after_a_404()
    {
        using var files = WireMock.Server.WireMockServer.Start();
        files.Given(Request.Create().WithPath("/gone.jpg").UsingGet()).RespondWith(Response.Create().WithStatusCode(404).WithBody("expired"));

        var ex = await Assert.ThrowsAsync<NanoBananaException>(() => _h.RunAsync(_h.Client.DownloadAsync(new Uri(files.Url + "/gone.jpg"), Stream.Null)));

        Assert.Equal(404, ex.StatusCode);
        Assert.Equal("expired", ex.ResponseExcerpt);
        Assert.Single(files.LogEntries);
    }

    [Fact]
    public async Task A_download_larger_than_MaxDownloadBytes_fails_and_is_not_retried()
    {
        using var h = new ClientHarness(o => o.MaxDownloadBytes = 1000);
        using var files = WireMock.Server.WireMockServer.Start();
        files.Given(Request.Create().WithPath("/big.jpg").UsingGet()).RespondWith(Response.Create().WithHeader("Content-Type", "image/jpeg").WithBody(new byte[5000]));

        var ex = await Assert.ThrowsAsync<NanoBananaException>(() => h.RunAsync(h.Client.DownloadAsync(new Uri(files.Url + "/big.jpg"), new MemoryStream())));

        Assert.Contains("MaxDownloadBytes", ex.Message, StringComparison.Ordinal);
        Assert.Single(files.LogEntries);
    }

    [Fact]
    public async Task A_destination_that_fails_to_write_surfaces_its_own_error_and_is_not_downloaded_again()
    {
        using var files = WireMock.Server.WireMockServer.Start();
        files.Given(Request.Create().WithPath("/x.jpg").UsingGet()).RespondWith(Response.Create().WithHeader("Content-Type", "image/jpeg").WithBody(new byte[] { 1, 2, 3 }));
        using var fullDisk = new FullDiskStream();

        var ex = await Assert.ThrowsAsync<IOException>(() => _h.RunAsync(_h.Client.DownloadAsync(new Uri(files.Url + "/x.jpg"), fullDisk)));

        Assert.Equal(FullDiskStream.Message, ex.Message);
        Assert.Single(files.LogEntries);
    }

    /// <summary>A seekable destination whose writes fail, as on a full disk.</summary>
    private sealed class FullDiskStream : MemoryStream
    {
        public const string Message = "No space left on device";

        public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default) =>
            ValueTask.FromException(new IOException(Message));
    }

    private static int FreePort() => LoopbackPorts.Free();

    private static async Task WaitFor(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (!condition())
        {
            if (DateTime.UtcNow > deadline) throw new TimeoutException("condition not met");
            await Task.Delay(10);
        }
    }
}

using NanoBanana.Client;
using NanoBanana.Testing;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;

namespace NanoBanana.Client.Tests;

/// <summary>Every documented error, on create and on get, becomes its typed exception with status, code, type and Retry-After.</summary>
public sealed class ErrorMappingTests : IDisposable
{
    private readonly ClientHarness _h = new(o => o.Retry.MaxRetries = 0);

    public void Dispose() => _h.Dispose();

    public static TheoryData<string> CreateErrors() => Codes("createTask");

    public static TheoryData<string> GetErrors() => Codes("getTask");

    public static TheoryData<string> CreditsErrors() => Codes("getCredits");

    [Theory]
    [MemberData(nameof(CreateErrors))]
    public async Task Create_maps_each_documented_error(string code)
    {
        var error = ApiStubs.DocumentedError(code);
        _h.Server.Serve(ApiStubs.Error("createTask", code, retryAfter: "7"));

        var ex = await Assert.ThrowsAnyAsync<NanoBananaException>(() => _h.Client.StartGenerationAsync(Requests.Valid()));

        if (code == "internal_error")
        {
            // A 500 on a create: the task may exist.
            var unknown = Assert.IsType<NanoBananaCreateOutcomeUnknownException>(ex);
            Assert.IsType<NanoBananaServerException>(unknown.InnerException);
            Assert.Contains("may exist", unknown.Message, StringComparison.Ordinal);
        }
        else
        {
            Assert.IsType(ExpectedType(code), ex);
        }

        AssertCarries(ex, error);
        Assert.Equal(1, _h.Received("/v1/images/generations", "POST"));
    }

    [Theory]
    [MemberData(nameof(GetErrors))]
    public async Task Get_maps_each_documented_error(string code)
    {
        var error = ApiStubs.DocumentedError(code);
        _h.Server.Serve(ApiStubs.Error("getTask", code, retryAfter: "7"));

        var ex = await Assert.ThrowsAnyAsync<NanoBananaException>(() => _h.Client.GetTaskAsync(ApiStubs.TaskId));

        Assert.IsType(ExpectedType(code), ex);
        AssertCarries(ex, error);
    }

    [Theory]
    [MemberData(nameof(CreditsErrors))]
    public async Task Credits_maps_each_documented_error(string code)
    {
        _h.Server.Serve(ApiStubs.Error("getCredits", code));

        var ex = await Assert.ThrowsAnyAsync<NanoBananaException>(() => _h.Client.GetCreditsAsync());

        Assert.IsType(ExpectedType(code), ex);
        Assert.Equal(code, ex.ErrorCode);
    }

    [Fact]
    public void The_two_kinds_of_429_differ_in_transience()
    {
        Assert.True(new NanoBananaRateLimitException("m", 429, "rate_limit_exceeded", "rate_limit_error").IsTransient);
        Assert.False(new NanoBananaSpendLimitException("m", 429, "spend_limit_exceeded", "billing_error").IsTransient);
    }

    [Fact]
    public async Task An_undocumented_code_maps_to_the_base_type_with_status_and_code()
    {
        _h.Server.Given(Request.Create().WithPath("/v1/tasks/" + ApiStubs.TaskId).UsingGet()).RespondWith(Response.Create()
            .WithStatusCode(409).WithHeader("Content-Type", "application/json")
            .WithBody("""{"error":{"code":"task_locked","message":"Locked","type":"conflict_error"}}"""));

        var ex = await Assert.ThrowsAsync<NanoBananaException>(() => _h.Client.GetTaskAsync(ApiStubs.TaskId));

        Assert.Equal(409, ex.StatusCode);
        Assert.Equal("task_locked", ex.ErrorCode);
        Assert.Equal("conflict_error", ex.ErrorType);
    }

    [Theory]
    [InlineData(500, "<html><body>Bad gateway</body></html>")]
    [InlineData(502, "<html><body>Bad gateway</body></html>")]
    [InlineData(404, "not json at all")]
    [InlineData(429, "{\"unexpected\":true}")]
    [InlineData(400, "")]
    public async Task A_body_that_is_not_the_envelope_maps_to_the_base_type_with_status_and_excerpt(int status, string body)
    {
        _h.Server.Given(Request.Create().WithPath("/v1/tasks/" + ApiStubs.TaskId).UsingGet())
            .RespondWith(Response.Create().WithStatusCode(status).WithHeader("Content-Type", "text/html").WithBody(body));

        var ex = await Assert.ThrowsAsync<NanoBananaException>(() => _h.Client.GetTaskAsync(ApiStubs.TaskId));

        Assert.Equal(status, ex.StatusCode);
        Assert.Null(ex.ErrorCode);
        if (body.Length > 0) Assert.Equal(body, ex.ResponseExcerpt);
    }

    [Theory]
    [InlineData("<html>oops</html>")]
    [InlineData("{\"id\": 42}")]
    [InlineData("null")]
    [InlineData("{\"id\":\"abc\",\"status\":\"\"}")]
    [InlineData("{\"id\":\"abc\"}")]
    public async Task A_malformed_200_maps_to_the_base_type_never_a_JsonException(string body)
    {
        _h.Server.Given(Request.Create().WithPath("/v1/tasks/" + ApiStubs.TaskId).UsingGet())
            .RespondWith(Response.Create().WithStatusCode(200).WithHeader("Content-Type", "application/json").WithBody(body));

        var ex = await Assert.ThrowsAsync<NanoBananaException>(() => _h.Client.GetTaskAsync(ApiStubs.TaskId));

        Assert.Equal(200, ex.StatusCode);
        Assert.False(ex.IsTransient);
        Assert.Equal(body, ex.ResponseExcerpt);
    }

    [Fact]
    public async Task A_body_larger_than_the_limit_fails_cleanly()
    {
        using var h = new ClientHarness(o => { o.MaxResponseBytes = 4096; o.Retry.MaxRetries = 0; });
        var huge = "{\"id\":\"" + ApiStubs.TaskId + "\",\"status\":\"pending\",\"pad\":\"" + new string('x', 100_000) + "\"}";
        h.Server.Given(Request.Create().WithPath("/v1/tasks/" + ApiStubs.TaskId).UsingGet())
            .RespondWith(Response.Create().WithStatusCode(200).WithHeader("Content-Type", "application/json").WithBody(huge));

        var ex = await Assert.ThrowsAsync<NanoBananaException>(() => h.Client.GetTaskAsync(ApiStubs.TaskId));

        Assert.Contains("MaxResponseBytes", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Retry_After_as_an_http_date_is_read()
    {
        var at = _h.Time.GetUtcNow().AddSeconds(120).ToString("R"); // the client reads dates on its own clock
        _h.Server.Serve(ApiStubs.Error("getTask", "rate_limit_exceeded", retryAfter: at));

        var ex = await Assert.ThrowsAsync<NanoBananaRateLimitException>(() => _h.Client.GetTaskAsync(ApiStubs.TaskId));

        Assert.InRange(ex.RetryAfter!.Value, TimeSpan.FromSeconds(100), TimeSpan.FromSeconds(121));
    }

    private static void AssertCarries(NanoBananaException ex, DocumentedError error)
    {
        Assert.Equal(error.Status, ex.StatusCode);
        Assert.Equal(error.Code, ex.ErrorCode);
        Assert.Equal(error.Type, ex.ErrorType);
        Assert.Equal(TimeSpan.FromSeconds(7), ex.RetryAfter);
        Assert.Contains(error.Message, ex.Message, StringComparison.Ordinal);
    }

    private static Type ExpectedType(string code) => code switch
    {
        "invalid_request" => typeof(NanoBananaInvalidRequestException),
        "invalid_api_key" => typeof(NanoBananaAuthenticationException),
        "insufficient_credits" => typeof(NanoBananaInsufficientCreditsException),
        "ip_not_allowed" => typeof(NanoBananaPermissionException),
        "model_not_found" or "task_not_found" => typeof(NanoBananaNotFoundException),
        "rate_limit_exceeded" => typeof(NanoBananaRateLimitException),
        "spend_limit_exceeded" => typeof(NanoBananaSpendLimitException),
        "internal_error" => typeof(NanoBananaServerException),
        "upstream_error" => typeof(NanoBananaUpstreamException),
        _ => throw new ArgumentOutOfRangeException(nameof(code)),
    };

    private static TheoryData<string> Codes(string operationId)
    {
        var data = new TheoryData<string>();
        foreach (var e in ApiStubs.ErrorsOf(operationId)) data.Add(e.Code);
        return data;
    }
}

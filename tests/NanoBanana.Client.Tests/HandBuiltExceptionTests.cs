using NanoBanana.Client;
using NanoBanana.Testing;

namespace NanoBanana.Client.Tests;

/// <summary>An exception built by hand (a consumer's fake) reports what the same type built from a response reports.</summary>
public sealed class HandBuiltExceptionTests
{
    [Fact]
    public void A_hand_built_exception_is_transient_exactly_when_its_type_is()
    {
        Assert.True(new NanoBananaServerException("boom", null, null, null).IsTransient);
        Assert.True(new NanoBananaUpstreamException("boom", null, null, null).IsTransient);
        Assert.True(new NanoBananaRateLimitException("slow down", null, null, null).IsTransient);
        Assert.False(new NanoBananaSpendLimitException("limit", 429, null, null).IsTransient);
        Assert.False(new NanoBananaInsufficientCreditsException("top up", null, null, null).IsTransient);
        Assert.False(new NanoBananaAuthenticationException("bad key", null, null, null).IsTransient);
    }

    public static TheoryData<string, string, string> Documented => new()
    {
        { "createTask", "invalid_request", "invalid_request" },
        { "createTask", "invalid_api_key", "authentication" },
        { "createTask", "insufficient_credits", "billing" },
        { "createTask", "ip_not_allowed", "permission" },
        { "createTask", "model_not_found", "not_found" },
        { "getTask", "task_not_found", "not_found" },
        { "getTask", "rate_limit_exceeded", "rate_limited" },
        { "createTask", "spend_limit_exceeded", "billing" },
        { "getTask", "internal_error", "server" },
        { "createTask", "upstream_error", "upstream" },
    };

    [Theory]
    [MemberData(nameof(Documented))]
    public async Task The_model_factory_builds_the_exception_a_real_response_raises(string operationId, string code, string category)
    {
        using var h = new ClientHarness(o => o.Retry.MaxRetries = 0);
        h.Server.Serve(ApiStubs.Error(operationId, code, retryAfter: "7"));
        var row = ApiStubs.DocumentedError(code);

        var real = await Assert.ThrowsAnyAsync<NanoBananaException>(() => operationId == "createTask"
            ? h.Client.StartGenerationAsync(Requests.Valid())
            : h.Client.GetTaskAsync(ApiStubs.TaskId));
        var fake = NanoBananaModelFactory.ApiException(row.Status, row.Code, row.Message, row.Type, TimeSpan.FromSeconds(7),
            new Dictionary<string, IReadOnlyList<string>> { ["Retry-After"] = ["7"] });

        Assert.Equal(real.GetType(), fake.GetType());
        Assert.Equal(new NanoBananaFailureCategory(category), real.Category);
        Assert.Equal(real.Category, fake.Category);
        Assert.Equal(real.IsTransient, fake.IsTransient);
        Assert.Equal((real.StatusCode, real.ErrorCode, real.ErrorType, real.RetryAfter), (fake.StatusCode, fake.ErrorCode, fake.ErrorType, fake.RetryAfter));
        // The response's headers are on the exception, names case-insensitive.
        Assert.Equal("7", Assert.Single(real.Headers["retry-after"]));
        Assert.Equal("7", Assert.Single(fake.Headers["RETRY-AFTER"]));
    }

    [Fact]
    public async Task A_create_whose_outcome_is_unknown_says_so_in_its_category()
    {
        using var h = new ClientHarness(o => o.Retry.MaxRetries = 0);
        h.Server.Serve(ApiStubs.Error("createTask", "internal_error"));

        var unknown = await Assert.ThrowsAsync<NanoBananaCreateOutcomeUnknownException>(() => h.Client.StartGenerationAsync(Requests.Valid()));

        Assert.Equal(NanoBananaFailureCategory.CreateOutcomeUnknown, unknown.Category);
        Assert.False(unknown.IsTransient);
        Assert.NotEmpty(unknown.Headers);
    }

    [Fact]
    public void Network_failures_are_in_the_network_category_however_built()
    {
        var notSent = NanoBananaModelFactory.NetworkException(requestNotSent: true);
        var timedOut = new NanoBananaNetworkException("timed out", requestNotSent: false, isTimeout: true, innerException: null);

        Assert.Equal(NanoBananaFailureCategory.Network, notSent.Category);
        Assert.Equal(NanoBananaFailureCategory.Network, timedOut.Category);
        Assert.True(notSent.IsTransient);
        Assert.True(timedOut.IsTransient);
        Assert.Empty(notSent.Headers);
    }
}

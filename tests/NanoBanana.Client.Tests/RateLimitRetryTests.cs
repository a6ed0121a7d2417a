using NanoBanana.Client;
using NanoBanana.Testing;

namespace NanoBanana.Client.Tests;

/// <summary>
/// 429 rate_limit_exceeded has its own retry budget (MaxRateLimitRetries), and its retries wait Retry-After plus
/// a random share of it, so clients limited together do not come back together. Counted on the server.
/// </summary>
public sealed class RateLimitRetryTests
{
    private const string CreatePath = "/v1/images/generations";
    private static readonly string TaskPath = "/v1/tasks/" + ApiStubs.TaskId;

    [Fact]
    public async Task A_rate_limited_create_is_retried_up_to_MaxRateLimitRetries_not_MaxRetries()
    {
        using var h = new ClientHarness(o => { o.Retry.MaxRetries = 1; o.Retry.MaxRateLimitRetries = 4; });
        h.Server.Serve(ApiStubs.Error("createTask", "rate_limit_exceeded", retryAfter: "1"));

        await Assert.ThrowsAsync<NanoBananaRateLimitException>(() => h.RunAsync(h.Client.StartGenerationAsync(Requests.Valid())));

        Assert.Equal(5, h.Received(CreatePath, "POST"));
    }

    [Fact]
    public async Task Other_transient_read_errors_keep_the_MaxRetries_budget()
    {
        using var h = new ClientHarness(o => { o.Retry.MaxRetries = 1; o.Retry.MaxRateLimitRetries = 6; });
        h.Server.Serve(ApiStubs.Error("getTask", "internal_error"));

        await Assert.ThrowsAsync<NanoBananaServerException>(() => h.RunAsync(h.Client.GetTaskAsync(ApiStubs.TaskId)));

        Assert.Equal(2, h.Received(TaskPath));
    }

    [Fact]
    public async Task MaxRetries_0_turns_rate_limit_retries_off_too()
    {
        using var h = new ClientHarness(o => { o.Retry.MaxRetries = 0; o.Retry.MaxRateLimitRetries = 6; });
        h.Server.Serve(ApiStubs.Error("getTask", "rate_limit_exceeded", retryAfter: "1"));

        await Assert.ThrowsAsync<NanoBananaRateLimitException>(() => h.RunAsync(h.Client.GetTaskAsync(ApiStubs.TaskId)));

        Assert.Equal(1, h.Received(TaskPath));
    }

    [Fact]
    public async Task A_Retry_After_of_0_still_waits_the_exponential_back_off()
    {
        using var h = new ClientHarness(o => { o.Retry.MaxRetries = 3; o.Retry.MaxRateLimitRetries = 4; o.Retry.BaseDelay = TimeSpan.FromSeconds(1); });
        h.Server.Serve(ApiStubs.Error("getTask", "rate_limit_exceeded", retryAfter: "0"));

        await Assert.ThrowsAsync<NanoBananaRateLimitException>(() => h.RunAsync(h.Client.GetTaskAsync(ApiStubs.TaskId)));

        // 5 requests with the exponential back-off between them (1, 2, 4, 8 s on average, jittered), never back to back
        // (without it, all 5 went out within the first 1.2 s).
        Assert.Equal(5, h.Received(TaskPath));
        Assert.True(h.Elapsed >= TimeSpan.FromSeconds(2), $"elapsed {h.Elapsed}");
    }

    [Theory]
    [InlineData(0, 1.0, 1.5)]
    [InlineData(1, 1.0, 2.0)]
    [InlineData(3, 1.0, 5.0)]
    [InlineData(10, 1.0, 31.0)] // the random window is at most MaxDelay (30 s)
    public void A_retry_waits_Retry_After_plus_a_random_window_that_doubles_per_retry(int attemptNumber, double minSeconds, double maxSeconds)
    {
        var delays = Enumerable.Range(0, 2000)
            .Select(_ => ResiliencePipelines.AfterWithJitter(TimeSpan.FromSeconds(1), attemptNumber, TimeSpan.FromSeconds(30)).TotalSeconds)
            .ToList();

        Assert.All(delays, d => Assert.InRange(d, minSeconds, maxSeconds));
        // Spread over the window, not bunched at Retry-After: a quarter of the window apart at least.
        Assert.True(delays.Max() - delays.Min() > (maxSeconds - minSeconds) / 4, $"spread {delays.Min()}..{delays.Max()}");
    }

    [Fact]
    public void MaxRateLimitRetries_out_of_range_is_rejected_with_its_name()
    {
        var ex = Assert.ThrowsAny<ArgumentException>(() => new NanoBananaClient(new NanoBananaClientOptions { ApiKey = "sk-test", Retry = { MaxRateLimitRetries = 51 } }));

        Assert.Contains("MaxRateLimitRetries", ex.Message, StringComparison.Ordinal);
    }
}

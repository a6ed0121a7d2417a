using NanoBanana.Client;

namespace NanoBanana.Client.Tests;

public sealed class OptionsTests
{
    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("  ")]
    public void A_missing_key_is_a_clear_error_at_construction(string? key)
    {
        var ex = Assert.Throws<ArgumentException>(() => new NanoBananaClient(new NanoBananaClientOptions { ApiKey = key }));
        Assert.Contains("ApiKey", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("http://api.aivideoapi.ai/")]
    [InlineData("http://10.0.0.5:8080/")]
    [InlineData("ftp://api.aivideoapi.ai/")]
    public void A_non_https_base_url_is_refused(string url)
    {
        var ex = Assert.Throws<ArgumentException>(() => new NanoBananaClient(new NanoBananaClientOptions { ApiKey = "sk-x", BaseUrl = new Uri(url) }));
        Assert.Contains("BaseUrl", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("http://localhost:5000/")]
    [InlineData("http://127.0.0.1:5000/")]
    [InlineData("http://[::1]:5000/")]
    [InlineData("https://api.aivideoapi.ai/")]
    public void Https_and_loopback_http_are_accepted(string url)
    {
        using var client = new NanoBananaClient(new NanoBananaClientOptions { ApiKey = "sk-x", BaseUrl = new Uri(url) });
    }

    [Fact]
    public void The_default_base_url_is_the_APIs()
    {
        Assert.Equal(new Uri("https://api.aivideoapi.ai/"), new NanoBananaClientOptions().BaseUrl);
    }

    [Fact]
    public void ToString_never_shows_the_key()
    {
        var options = new NanoBananaClientOptions { ApiKey = ClientHarness.ApiKey };
        Assert.DoesNotContain(ClientHarness.ApiKey, options.ToString(), StringComparison.Ordinal);
        Assert.Contains("***", options.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Every_problem_is_listed()
    {
        var options = new NanoBananaClientOptions { RequestTimeout = TimeSpan.Zero, Retry = { MaxRetries = -1 }, Polling = { FirstPollQuantile = 2 } };
        var errors = options.Validate();
        Assert.Contains(errors, e => e.Contains("ApiKey", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Contains("RequestTimeout", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Contains("MaxRetries", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Contains("FirstPollQuantile", StringComparison.Ordinal));
    }
}

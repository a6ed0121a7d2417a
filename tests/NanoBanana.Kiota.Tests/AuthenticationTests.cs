using Microsoft.Kiota.Abstractions;
using NanoBanana.Kiota.Models;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;
using WireMock.Server;

namespace NanoBanana.Kiota.Tests;

/// <summary>The bearer key goes to the API's host only, over https or loopback http, and never into messages.</summary>
public sealed class AuthenticationTests
{
    private const string Key = "sk-test-secret-4242";

    private static RequestInformation Get(string url) => new() { HttpMethod = Method.GET, URI = new Uri(url) };

    [Theory]
    [InlineData("https://api.aivideoapi.ai", "https://api.aivideoapi.ai/v1/credits")]
    [InlineData("http://127.0.0.1:5000", "http://127.0.0.1:5000/v1/credits")]
    [InlineData("http://localhost:5000", "http://localhost:5000/v1/credits")]
    [InlineData("http://[::1]:5000", "http://[::1]:5000/v1/credits")]
    public async Task The_key_is_sent_as_a_bearer_token_over_https_or_loopback_http(string baseUrl, string url)
    {
        var provider = new NanoBananaApiKeyAuthenticationProvider(Key, new Uri(baseUrl));
        var request = Get(url);

        await provider.AuthenticateRequestAsync(request);

        Assert.Equal(["Bearer " + Key], request.Headers["Authorization"]);
    }

    [Fact]
    public void Plain_http_to_another_host_is_refused_naming_the_setting_and_not_the_key()
    {
        var error = Assert.Throws<ArgumentException>(() => new NanoBananaApiKeyAuthenticationProvider(Key, new Uri("http://api.aivideoapi.ai")));

        Assert.Contains("BaseUrl must use https", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(Key, error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_request_redirected_to_plain_http_on_the_API_host_is_refused_before_it_is_sent()
    {
        var provider = new NanoBananaApiKeyAuthenticationProvider(Key, new Uri("https://api.example.com"));
        var request = Get("http://api.example.com/v1/credits");

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => provider.AuthenticateRequestAsync(request));

        Assert.Contains("https is required", error.Message, StringComparison.Ordinal);
        Assert.False(request.Headers.ContainsKey("Authorization"));
        Assert.DoesNotContain(Key, error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task No_key_goes_to_another_host_such_as_the_output_file_host()
    {
        var provider = new NanoBananaApiKeyAuthenticationProvider(Key, new Uri("https://api.aivideoapi.ai"));
        var request = Get("https://file.aivideoapi.ai/images/2026/07/02/abc123.jpg");

        await provider.AuthenticateRequestAsync(request);

        Assert.False(request.Headers.ContainsKey("Authorization"));
    }

    [Theory]
    [InlineData(null, "ApiKey is required")]
    [InlineData("", "ApiKey is required")]
    [InlineData("sk-with space", "ApiKey must not contain spaces")]
    public void A_missing_or_malformed_key_fails_before_any_call(string? key, string expected)
    {
        var error = Assert.Throws<ArgumentException>(() => NanoBananaKiotaClientFactory.Create(new NanoBananaKiotaOptions { ApiKey = key }));
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_provider_string_hides_the_key()
    {
        var provider = new NanoBananaApiKeyAuthenticationProvider(Key, new Uri("https://api.aivideoapi.ai"));
        Assert.DoesNotContain(Key, provider.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_create_answered_503_is_not_retried_but_a_read_is()
    {
        using var server = WireMockServer.Start();
        server.Given(Request.Create().UsingAnyMethod())
            .RespondWith(Response.Create().WithStatusCode(503).WithHeader("Content-Type", "application/json").WithHeader("Retry-After", "0")
                .WithBody("""{"error":{"code":"upstream_error","message":"Upstream AI provider returned an error","type":"upstream_error"}}"""));
        var client = NanoBananaKiotaClientFactory.Create(new NanoBananaKiotaOptions { ApiKey = Key, BaseUrl = new Uri(server.Url!) });

        var create = await Assert.ThrowsAsync<ErrorResponse>(() => client.V1.Images.Generations.PostAsync(new GenerationRequest
        {
            Model = ImageModel.NanoBanana2Lite,
            Input = new GenerationInput { Prompt = "a banana" },
        }));
        Assert.Equal(503, create.ResponseStatusCode);
        Assert.Equal(1, server.LogEntries.Count(e => e.RequestMessage.Method == "POST"));

        await Assert.ThrowsAnyAsync<Exception>(() => client.V1.Tasks["abc"].GetAsync()); // Kiota: "Too many retries performed"
        Assert.True(server.LogEntries.Count(e => e.RequestMessage.Method == "GET") > 1, "a read is retried on 503");
    }
}

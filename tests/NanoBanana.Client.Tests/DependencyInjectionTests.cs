using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using NanoBanana.Client;
using NanoBanana.Testing;
using WireMock.Server;

namespace NanoBanana.Client.Tests;

public sealed class DependencyInjectionTests : IDisposable
{
    private readonly WireMockServer _server = WireMockServer.Start();

    public void Dispose() => _server.Dispose();

    [Fact]
    public async Task A_client_resolves_from_configuration_and_works()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["NanoBanana:ApiKey"] = ClientHarness.ApiKey,
            ["NanoBanana:BaseUrl"] = _server.Url,
            ["NanoBanana:RequestTimeout"] = "00:00:05",
            ["NanoBanana:Retry:MaxRetries"] = "1",
        }).Build();
        _server.Serve(ApiStubs.Credits(77));
        var services = new ServiceCollection().AddLogging();
        services.AddNanoBananaClient(configuration);
        using var provider = services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });

        provider.GetRequiredService<IStartupValidator>().Validate();
        var client = provider.GetRequiredService<INanoBananaClient>();
        var credits = await client.GetCreditsAsync();

        Assert.Equal(77, credits.Credits);
        Assert.Same(client, provider.GetRequiredService<INanoBananaClient>());
        Assert.Equal(1, provider.GetRequiredService<IOptions<NanoBananaClientOptions>>().Value.Retry.MaxRetries);
        Assert.Equal("Bearer " + ClientHarness.ApiKey, _server.LogEntries.Single().RequestMessage.Headers!["Authorization"].Single());
    }

    [Fact]
    public async Task A_missing_key_fails_start_up_validation()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["NanoBanana:BaseUrl"] = "http://api.example.com" }).Build();
        var services = new ServiceCollection();
        services.AddNanoBananaClient(configuration);
        using var provider = services.BuildServiceProvider();

        var ex = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IStartupValidator>().Validate());

        Assert.Contains(ex.Failures, f => f.Contains("ApiKey", StringComparison.Ordinal));
        Assert.Contains(ex.Failures, f => f.Contains("BaseUrl", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Options_can_be_set_in_code()
    {
        _server.Serve(ApiStubs.Credits(3));
        var services = new ServiceCollection();
        services.AddNanoBananaClient(o => { o.ApiKey = "sk-code"; o.BaseUrl = new Uri(_server.Url!); });
        using var provider = services.BuildServiceProvider();

        var credits = await provider.GetRequiredService<INanoBananaClient>().GetCreditsAsync();

        Assert.Equal(3, credits.Credits);
    }
}

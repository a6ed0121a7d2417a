using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using Microsoft.Extensions.Options;
using NanoBanana.Simulator;

namespace NanoBanana.Kiota.Tests;

/// <summary><c>AddNanoBananaKiotaClient</c>: IHttpClientFactory, Kiota's middleware, validated options, no key in logs.</summary>
public sealed class DependencyInjectionTests
{
    [Fact]
    public async Task The_registered_client_calls_the_simulator_and_the_key_stays_out_of_the_logs()
    {
        await using var simulator = NanoBananaSimulator.Start();
        var logs = new FakeLogCollector();
        var services = new ServiceCollection();
        services.AddLogging(b => b.SetMinimumLevel(LogLevel.Trace).AddProvider(new FakeLoggerProvider(logs)));
        services.AddNanoBananaKiotaClient(o =>
        {
            o.ApiKey = NanoBananaSimulator.ApiKey;
            o.BaseUrl = simulator.Url;
        });
        await using var provider = services.BuildServiceProvider();

        var credits = await provider.GetRequiredService<NanoBananaKiotaClient>().V1.Credits.GetAsync();

        Assert.NotEmpty(credits!.AdditionalData);
        Assert.Equal(1, simulator.CreditQueriesReceived);
        var httpLogs = logs.GetSnapshot().Where(r => r.Category?.StartsWith("System.Net.Http.HttpClient.", StringComparison.Ordinal) == true).ToList();
        Assert.NotEmpty(httpLogs); // the HttpClient is logged, at every level down to Trace
        // Messages and structured state (what a structured sink such as OpenTelemetry exports) alike.
        var text = string.Join("\n", httpLogs.Select(r => r.Message + " " + string.Join(",", r.StructuredState ?? [])));
        Assert.Contains("Authorization", text, StringComparison.Ordinal); // the header is named, its value redacted
        Assert.DoesNotContain(NanoBananaSimulator.ApiKey, text, StringComparison.Ordinal);
    }

    [Fact]
    public void Invalid_options_fail_at_resolution_naming_each_setting()
    {
        var services = new ServiceCollection();
        services.AddNanoBananaKiotaClient(o => o.BaseUrl = new Uri("http://api.example.com"));
        using var provider = services.BuildServiceProvider();

        var error = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IOptions<NanoBananaKiotaOptions>>().Value);

        Assert.Contains("ApiKey is required", error.Message, StringComparison.Ordinal);
        Assert.Contains("BaseUrl must use https", error.Message, StringComparison.Ordinal);
    }
}

using System.Diagnostics.Metrics;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using NanoBanana.Client;
using NanoBanana.Testing;
using WireMock.Server;

namespace NanoBanana.Client.Tests;

/// <summary>
/// Several clients in one container (keyed), each sending its own key; a rotated key used from the next request
/// on; the meter made by the host's IMeterFactory.
/// </summary>
public sealed class ServicesTests : IDisposable
{
    private readonly WireMockServer _server = WireMockServer.Start();

    public ServicesTests() => _server.Serve(ApiStubs.Credits(5));

    public void Dispose() => _server.Dispose();

    [Fact]
    public async Task Each_keyed_client_sends_through_an_HttpClient_of_its_own()
    {
        var services = new ServiceCollection();
        services.AddNanoBananaClient("interactive", o => { o.ApiKey = "sk-interactive"; o.BaseUrl = new Uri(_server.Url!); });
        services.AddNanoBananaClient("batch", o => { o.ApiKey = "sk-batch"; o.BaseUrl = new Uri(_server.Url!); });
        var throughBatch = new List<string>();
        services.AddHttpClient(NanoBananaServiceCollectionExtensions.ApiHttpClientNameFor("batch"))
            .AddHttpMessageHandler(() => new Recording(throughBatch));
        using var provider = services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });

        await provider.GetRequiredKeyedService<INanoBananaClient>("interactive").GetCreditsAsync();
        await provider.GetRequiredKeyedService<INanoBananaClient>("batch").GetCreditsAsync();

        Assert.Equal(["Bearer sk-batch"], throughBatch);
        Assert.Equal(2, _server.LogEntries.Count());
        Assert.Equal("NanoBanana.Client.Api:batch", NanoBananaServiceCollectionExtensions.ApiHttpClientNameFor("batch"));
        Assert.Equal(NanoBananaServiceCollectionExtensions.ApiHttpClientName, NanoBananaServiceCollectionExtensions.ApiHttpClientNameFor(null));
    }

    [Fact]
    public async Task The_key_stays_out_of_the_HttpClient_logs_their_messages_and_their_structured_state()
    {
        const string key = "sk-never-logged-4242";
        var logs = new FakeLogCollector();
        var services = new ServiceCollection();
        services.AddLogging(b => b.SetMinimumLevel(LogLevel.Trace).AddProvider(new FakeLoggerProvider(logs)));
        services.AddNanoBananaClient(o => { o.ApiKey = key; o.BaseUrl = new Uri(_server.Url!); });
        using var provider = services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });

        await provider.GetRequiredService<INanoBananaClient>().GetCreditsAsync();

        Assert.Equal("Bearer " + key, _server.LogEntries.Single().RequestMessage!.Headers!["Authorization"].Single());
        var httpLogs = logs.GetSnapshot().Where(r => r.Category?.StartsWith("System.Net.Http.HttpClient.", StringComparison.Ordinal) == true).ToList();
        Assert.NotEmpty(httpLogs); // the HttpClient is logged, at every level down to Trace
        var text = string.Join("\n", httpLogs.Select(r => r.Message + " " + string.Join(",", r.StructuredState ?? [])));
        Assert.Contains("Authorization", text, StringComparison.Ordinal); // the header is named, its value redacted
        Assert.DoesNotContain(key, text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_key_the_server_echoes_in_a_response_header_stays_out_of_the_HttpClient_logs()
    {
        const string key = "sk-echoed-back-7373";
        using var echoing = WireMockServer.Start();
        echoing.Serve(ApiStubs.Credits(5) with { Headers = new Dictionary<string, string> { ["X-Debug-Auth"] = "Bearer " + key } });
        var logs = new FakeLogCollector();
        var services = new ServiceCollection();
        services.AddLogging(b => b.SetMinimumLevel(LogLevel.Trace).AddProvider(new FakeLoggerProvider(logs)));
        services.AddNanoBananaClient(o => { o.ApiKey = key; o.BaseUrl = new Uri(echoing.Url!); });
        using var provider = services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });

        await provider.GetRequiredService<INanoBananaClient>().GetCreditsAsync();

        var httpLogs = logs.GetSnapshot().Where(r => r.Category?.StartsWith("System.Net.Http.HttpClient.", StringComparison.Ordinal) == true).ToList();
        var text = string.Join("\n", httpLogs.Select(r => r.Message + " " + string.Join(",", r.StructuredState ?? [])));
        Assert.Contains("X-Debug-Auth", text, StringComparison.Ordinal); // the response headers are logged, at Trace
        Assert.DoesNotContain(key, text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_logger_the_host_adds_to_every_client_is_replaced_and_one_added_to_the_named_client_afterwards_is_kept()
    {
        var everyClient = new CountingLogger();
        var ours = new CountingLogger();
        var services = new ServiceCollection();
        services.ConfigureHttpClientDefaults(b => b.AddLogger(_ => everyClient));
        services.AddNanoBananaClient(o => { o.ApiKey = "sk-logging"; o.BaseUrl = new Uri(_server.Url!); });
        services.AddHttpClient(NanoBananaServiceCollectionExtensions.ApiHttpClientName).AddLogger(_ => ours);
        using var provider = services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });

        await provider.GetRequiredService<INanoBananaClient>().GetCreditsAsync();

        Assert.Equal(0, everyClient.Requests); // it would see the Authorization header: replaced by the redacting logger
        Assert.Equal(1, ours.Requests);
    }

    /// <summary>Counts the requests it is asked to log.</summary>
    private sealed class CountingLogger : Microsoft.Extensions.Http.Logging.IHttpClientLogger
    {
        public int Requests;

        public object? LogRequestStart(HttpRequestMessage request) { Interlocked.Increment(ref Requests); return null; }

        public void LogRequestStop(object? context, HttpRequestMessage request, HttpResponseMessage response, TimeSpan elapsed) { }

        public void LogRequestFailed(object? context, HttpRequestMessage request, HttpResponseMessage? response, Exception exception, TimeSpan elapsed) { }
    }

    /// <summary>Records the Authorization of each request that passes through it.</summary>
    private sealed class Recording(List<string> seen) : DelegatingHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            lock (seen) seen.Add(request.Headers.Authorization?.ToString() ?? "");
            return base.SendAsync(request, cancellationToken);
        }
    }

    [Fact]
    public async Task Keyed_clients_each_send_their_own_key()
    {
        var services = new ServiceCollection();
        services.AddNanoBananaClient("interactive", o => { o.ApiKey = "sk-interactive"; o.BaseUrl = new Uri(_server.Url!); });
        services.AddNanoBananaClient("batch", o => { o.ApiKey = "sk-batch"; o.BaseUrl = new Uri(_server.Url!); });
        services.AddSingleton<TwoClients>();
        using var provider = services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });
        provider.GetRequiredService<Microsoft.Extensions.Options.IStartupValidator>().Validate();

        var both = provider.GetRequiredService<TwoClients>();
        await both.Interactive.GetCreditsAsync();
        await both.Batch.GetCreditsAsync();
        await both.Interactive.GetCreditsAsync();

        Assert.NotSame(both.Interactive, both.Batch);
        Assert.Same(both.Batch, provider.GetRequiredKeyedService<INanoBananaClient>("batch"));
        Assert.Equal(["Bearer sk-interactive", "Bearer sk-batch", "Bearer sk-interactive"], AuthorizationsSent());
        Assert.Null(provider.GetService<INanoBananaClient>()); // no unnamed client was registered
    }

    [Fact]
    public async Task A_keyed_client_with_an_invalid_key_fails_start_up_validation_naming_the_setting()
    {
        var services = new ServiceCollection();
        services.AddNanoBananaClient("good", o => { o.ApiKey = "sk-good"; o.BaseUrl = new Uri(_server.Url!); });
        services.AddNanoBananaClient("bad", o => o.BaseUrl = new Uri(_server.Url!));
        using var provider = services.BuildServiceProvider();

        var ex = Assert.Throws<Microsoft.Extensions.Options.OptionsValidationException>(
            () => provider.GetRequiredService<Microsoft.Extensions.Options.IStartupValidator>().Validate());

        Assert.Equal("bad", ex.OptionsName);
        Assert.Contains(ex.Failures, f => f.Contains("ApiKey", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_rotated_key_in_a_reloaded_configuration_is_sent_on_the_next_request_without_a_restart()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["NanoBanana:ApiKey"] = "sk-old",
            ["NanoBanana:BaseUrl"] = _server.Url,
        }).Build();
        var services = new ServiceCollection();
        services.AddNanoBananaClient(configuration);
        using var provider = services.BuildServiceProvider();
        var client = provider.GetRequiredService<INanoBananaClient>();
        await client.GetCreditsAsync();

        configuration["NanoBanana:ApiKey"] = "sk-new";
        configuration.Reload();
        await client.GetCreditsAsync();

        Assert.Same(client, provider.GetRequiredService<INanoBananaClient>());
        Assert.Equal(["Bearer sk-old", "Bearer sk-new"], AuthorizationsSent());
    }

    [Fact]
    public async Task A_rotated_key_of_one_named_client_leaves_the_others_alone()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Clients:A:ApiKey"] = "sk-a1",
            ["Clients:A:BaseUrl"] = _server.Url,
            ["Clients:B:ApiKey"] = "sk-b1",
            ["Clients:B:BaseUrl"] = _server.Url,
        }).Build();
        var services = new ServiceCollection();
        services.AddNanoBananaClient("a", configuration.GetSection("Clients:A"));
        services.AddNanoBananaClient("b", configuration.GetSection("Clients:B"));
        using var provider = services.BuildServiceProvider();
        var a = provider.GetRequiredKeyedService<INanoBananaClient>("a");
        var b = provider.GetRequiredKeyedService<INanoBananaClient>("b");

        configuration["Clients:A:ApiKey"] = "sk-a2";
        configuration.Reload();
        await a.GetCreditsAsync();
        await b.GetCreditsAsync();

        Assert.Equal(["Bearer sk-a2", "Bearer sk-b1"], AuthorizationsSent());
    }

    [Fact]
    public async Task The_meter_comes_from_the_hosts_IMeterFactory()
    {
        var services = new ServiceCollection();
        services.AddMetrics();
        services.AddNanoBananaClient(o => { o.ApiKey = "sk-metrics"; o.BaseUrl = new Uri(_server.Url!); });
        using var provider = services.BuildServiceProvider();
        var meterFactory = provider.GetRequiredService<IMeterFactory>();
        // Scoped to this container's factory: the process-wide meter (and other tests' clients) are not seen.
        using var requests = new MetricCollector<long>(meterFactory, NanoBananaTelemetry.Name, "nanobanana.client.requests");

        await provider.GetRequiredService<INanoBananaClient>().GetCreditsAsync();

        var measurement = Assert.Single(requests.GetMeasurementSnapshot());
        Assert.Equal(1, measurement.Value);
        Assert.Equal("get_credits", measurement.Tags["operation"]);
    }

    [Fact]
    public async Task A_client_made_without_DI_reports_on_the_process_wide_meter()
    {
        using var requests = new MetricCollector<long>(null, NanoBananaTelemetry.Name, "nanobanana.client.requests");
        using var client = new NanoBananaClient(new NanoBananaClientOptions { ApiKey = "sk-static", BaseUrl = new Uri(_server.Url!) });

        await client.GetCreditsAsync();

        Assert.Contains(requests.GetMeasurementSnapshot(), m => Equals(m.Tags["operation"], "get_credits"));
    }

    private List<string> AuthorizationsSent() =>
        _server.LogEntries.OrderBy(e => e.RequestMessage.DateTime).Select(e => e.RequestMessage.Headers!["Authorization"].Single()).ToList();

    private sealed class TwoClients([FromKeyedServices("interactive")] INanoBananaClient interactive, [FromKeyedServices("batch")] INanoBananaClient batch)
    {
        public INanoBananaClient Interactive { get; } = interactive;

        public INanoBananaClient Batch { get; } = batch;
    }
}

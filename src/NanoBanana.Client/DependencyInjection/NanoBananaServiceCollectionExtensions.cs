using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using NanoBanana.Client;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers <see cref="INanoBananaClient"/> with the .NET host.</summary>
public static class NanoBananaServiceCollectionExtensions
{
    /// <summary>The name of the HttpClient for API requests (configure it with <c>AddHttpClient(name)</c>).</summary>
    public const string ApiHttpClientName = "NanoBanana.Client.Api";

    /// <summary>The name of the HttpClient for output downloads; it never carries the API key.</summary>
    public const string DownloadHttpClientName = "NanoBanana.Client.Downloads";

    /// <summary>
    /// Registers the client with options bound from configuration: the <c>NanoBanana</c> section
    /// (<c>NanoBanana:ApiKey</c>, <c>NanoBanana:BaseUrl</c>, ...), or <paramref name="configuration"/> itself
    /// when it is that section. The options are validated at start-up.
    /// </summary>
    /// <param name="services">The services.</param>
    /// <param name="configuration">The configuration root, or the <c>NanoBanana</c> section.</param>
    /// <param name="configure">Further settings applied after binding, if any.</param>
    /// <returns>The services.</returns>
    public static IServiceCollection AddNanoBananaClient(this IServiceCollection services, IConfiguration configuration, Action<NanoBananaClientOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var section = configuration is IConfigurationSection { Key: NanoBananaClientOptions.SectionName } s
            ? s
            : configuration.GetSection(NanoBananaClientOptions.SectionName);
        var builder = services.AddOptions<NanoBananaClientOptions>().Bind(section);
        if (configure is not null) builder.Configure(configure);
        return services.AddNanoBananaClientCore();
    }

    /// <summary>Registers the client with options set in code. The options are validated at start-up.</summary>
    /// <param name="services">The services.</param>
    /// <param name="configure">Sets the options (at least <see cref="NanoBananaClientOptions.ApiKey"/>).</param>
    /// <returns>The services.</returns>
    public static IServiceCollection AddNanoBananaClient(this IServiceCollection services, Action<NanoBananaClientOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(configure);
        services.AddOptions<NanoBananaClientOptions>().Configure(configure);
        return services.AddNanoBananaClientCore();
    }

    private static IServiceCollection AddNanoBananaClientCore(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddOptions<NanoBananaClientOptions>().ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<NanoBananaClientOptions>, NanoBananaClientOptionsValidator>());

        // The client is a singleton (it learns task durations); the pooled handler's connection lifetime follows DNS changes.
        services.AddHttpClient(ApiHttpClientName, c => c.Timeout = Timeout.InfiniteTimeSpan)
            .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(5) })
            .SetHandlerLifetime(Timeout.InfiniteTimeSpan)
            .RedactLoggedHeaders(["Authorization"]);
        services.AddHttpClient(DownloadHttpClientName, c => c.Timeout = Timeout.InfiniteTimeSpan)
            .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(5) })
            .SetHandlerLifetime(Timeout.InfiniteTimeSpan)
            .RedactLoggedHeaders(["Authorization"]);

        services.TryAddSingleton<INanoBananaClient>(sp =>
        {
            var factory = sp.GetRequiredService<IHttpClientFactory>();
            return new NanoBananaClient(
                sp.GetRequiredService<IOptions<NanoBananaClientOptions>>().Value,
                factory.CreateClient(ApiHttpClientName),
                factory.CreateClient(DownloadHttpClientName),
                sp.GetService<ILoggerFactory>(),
                sp.GetService<TimeProvider>());
        });
        return services;
    }
}

using System.Diagnostics.Metrics;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using NanoBanana.Client;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers <see cref="INanoBananaClient"/> with the .NET host.</summary>
public static class NanoBananaServiceCollectionExtensions
{
    /// <summary>
    /// The name of the unnamed client's HttpClient for API requests (configure it with <c>AddHttpClient(name)</c>); a
    /// keyed client has its own (<see cref="ApiHttpClientNameFor"/>).
    /// </summary>
    public const string ApiHttpClientName = "NanoBanana.Client.Api";

    /// <summary>
    /// The name of the HttpClient for API requests of the client registered as <paramref name="clientName"/>
    /// (<c>NanoBanana.Client.Api:batch</c>), so each keyed client's handlers (a proxy, a certificate, a handler of your own)
    /// can be configured apart; <see cref="ApiHttpClientName"/> for the unnamed client.
    /// </summary>
    /// <param name="clientName">The name the client was registered with; null or empty for the unnamed client.</param>
    /// <returns>The HttpClient's name.</returns>
    public static string ApiHttpClientNameFor(string? clientName) =>
        string.IsNullOrEmpty(clientName) ? ApiHttpClientName : ApiHttpClientName + ":" + clientName;

    /// <summary>The name of the HttpClient for output downloads; it never carries the API key.</summary>
    public const string DownloadHttpClientName = "NanoBanana.Client.Downloads";

    /// <summary>
    /// Registers the client (<see cref="INanoBananaClient"/>) with options bound from configuration: the
    /// <c>NanoBanana</c> section (<c>NanoBanana:ApiKey</c>, <c>NanoBanana:BaseUrl</c>, ...), or
    /// <paramref name="configuration"/> itself when it is that section. The options are validated at start-up; a
    /// changed <c>ApiKey</c> (a configuration reload) is used from the next request on, without a restart.
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
        return services.AddNanoBananaClientCore(Microsoft.Extensions.Options.Options.DefaultName, section, configure);
    }

    /// <summary>Registers the client (<see cref="INanoBananaClient"/>) with options set in code. The options are validated at start-up.</summary>
    /// <param name="services">The services.</param>
    /// <param name="configure">Sets the options (at least <see cref="NanoBananaClientOptions.ApiKey"/>).</param>
    /// <returns>The services.</returns>
    public static IServiceCollection AddNanoBananaClient(this IServiceCollection services, Action<NanoBananaClientOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(configure);
        return services.AddNanoBananaClientCore(Microsoft.Extensions.Options.Options.DefaultName, null, configure);
    }

    /// <summary>
    /// Registers one of several clients (for example one per API key or account): a keyed
    /// <see cref="INanoBananaClient"/> (resolve it with <c>[FromKeyedServices("name")]</c> or
    /// <c>GetRequiredKeyedService&lt;INanoBananaClient&gt;("name")</c>) with the named options
    /// <paramref name="name"/> bound from <paramref name="configuration"/> (this client's section, such as
    /// <c>NanoBanana:Clients:Batch</c>). Validated at start-up; a changed <c>ApiKey</c> is used from the next request on.
    /// </summary>
    /// <param name="services">The services.</param>
    /// <param name="name">The client's name: its service key and its options' name.</param>
    /// <param name="configuration">This client's configuration section.</param>
    /// <param name="configure">Further settings applied after binding, if any.</param>
    /// <returns>The services.</returns>
    public static IServiceCollection AddNanoBananaClient(this IServiceCollection services, string name, IConfiguration configuration, Action<NanoBananaClientOptions>? configure = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentNullException.ThrowIfNull(configuration);
        return services.AddNanoBananaClientCore(name, configuration, configure);
    }

    /// <summary>
    /// Registers one of several clients: a keyed <see cref="INanoBananaClient"/> (<c>[FromKeyedServices("name")]</c>)
    /// with the named options <paramref name="name"/> set in code. Validated at start-up.
    /// </summary>
    /// <param name="services">The services.</param>
    /// <param name="name">The client's name: its service key and its options' name.</param>
    /// <param name="configure">Sets the options (at least <see cref="NanoBananaClientOptions.ApiKey"/>).</param>
    /// <returns>The services.</returns>
    public static IServiceCollection AddNanoBananaClient(this IServiceCollection services, string name, Action<NanoBananaClientOptions> configure)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentNullException.ThrowIfNull(configure);
        return services.AddNanoBananaClientCore(name, null, configure);
    }

    private static IServiceCollection AddNanoBananaClientCore(this IServiceCollection services, string name, IConfiguration? configuration,
        Action<NanoBananaClientOptions>? configure)
    {
        ArgumentNullException.ThrowIfNull(services);
        var options = services.AddOptions<NanoBananaClientOptions>(name);
        if (configuration is not null) options.Bind(configuration);
        if (configure is not null) options.Configure(configure);
        options.ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<NanoBananaClientOptions>, NanoBananaClientOptionsValidator>());
        AddHttpClients(services, name);

        // The client is a singleton (it learns task durations); every client shares the two pooled handlers.
        if (name == Microsoft.Extensions.Options.Options.DefaultName)
        {
            services.TryAddSingleton<INanoBananaClient>(sp => Create(sp, name));
        }
        else
        {
            services.TryAddKeyedSingleton<INanoBananaClient>(name, (sp, _) => Create(sp, name));
        }

        return services;
    }

    private static NanoBananaClient Create(IServiceProvider services, string name)
    {
        var monitor = services.GetRequiredService<IOptionsMonitor<NanoBananaClientOptions>>();
        var factory = services.GetRequiredService<IHttpClientFactory>();
        return new NanoBananaClient(
            monitor.Get(name),
            factory.CreateClient(ApiHttpClientNameFor(name == Microsoft.Extensions.Options.Options.DefaultName ? null : name)),
            factory.CreateClient(DownloadHttpClientName),
            services.GetService<ILoggerFactory>(),
            services.GetService<TimeProvider>(),
            services.GetService<IMeterFactory>(),
            monitor,
            name,
            services.GetService<INanoBananaTaskNotifier>());
    }

    private static void AddHttpClients(IServiceCollection services, string name)
    {
        // Once per client name: each client its own API HttpClient (and handler pool); downloads, which carry no key,
        // share one.
        var apiClientName = ApiHttpClientNameFor(name == Microsoft.Extensions.Options.Options.DefaultName ? null : name);
        if (services.Any(d => d.ServiceType == typeof(HttpClientsAdded) && d.ImplementationInstance is HttpClientsAdded added && added.Name == apiClientName)) return;
        var first = !services.Any(d => d.ServiceType == typeof(HttpClientsAdded));
        services.AddSingleton(new HttpClientsAdded(apiClientName));

        // The pooled handler's connection lifetime follows DNS changes.
        services.AddHttpClient(apiClientName, c => c.Timeout = Timeout.InfiniteTimeSpan)
            .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(5), AllowAutoRedirect = false })
            .SetHandlerLifetime(Timeout.InfiniteTimeSpan)
            .UseRedactedLogging();
        if (!first) return;
        // Downloads: the client follows redirects itself, checking every hop (OutputUrlRule); the handler connects only
        // to addresses the rule allows.
        services.AddHttpClient(DownloadHttpClientName, c => c.Timeout = Timeout.InfiniteTimeSpan)
            .ConfigurePrimaryHttpMessageHandler(OutputUrlRule.CreateHandler)
            .SetHandlerLifetime(Timeout.InfiniteTimeSpan)
            .UseRedactedLogging();
    }

    /// <summary>Marks that the API HttpClient of one client name is registered.</summary>
    private sealed record HttpClientsAdded(string Name);
}

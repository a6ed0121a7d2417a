using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using NanoBanana.Client;
using NanoBanana.Kiota;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers the Kiota-generated <see cref="NanoBananaKiotaClient"/> with the .NET host.</summary>
public static class NanoBananaKiotaServiceCollectionExtensions
{
    /// <summary>The name of the HttpClient the Kiota client sends with (configure it with <c>AddHttpClient(name)</c>).</summary>
    public const string HttpClientName = "NanoBanana.Kiota";

    /// <summary>
    /// Registers <see cref="NanoBananaKiotaClient"/> (transient, over a named HttpClient from IHttpClientFactory with
    /// Kiota's middleware, <see cref="NanoBananaKiotaClientFactory.CreateDefaultHandlers"/>). The options are
    /// validated at start-up; HttpClient logs (category
    /// <c>System.Net.Http.HttpClient.NanoBanana.Kiota.ClientHandler</c>) never carry the key: the <c>Authorization</c>
    /// value and query strings are redacted in messages and structured state alike.
    /// </summary>
    /// <param name="services">The services.</param>
    /// <param name="configure">Sets the options (at least <see cref="NanoBananaKiotaOptions.ApiKey"/>).</param>
    /// <returns>The HttpClient builder, to add handlers or settings of your own.</returns>
    public static IHttpClientBuilder AddNanoBananaKiotaClient(this IServiceCollection services, Action<NanoBananaKiotaOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configure);
        services.AddOptions<NanoBananaKiotaOptions>().Configure(configure).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<NanoBananaKiotaOptions>, OptionsValidator>());
        services.TryAddTransient(sp => NanoBananaKiotaClientFactory.Create(
            sp.GetRequiredService<IOptions<NanoBananaKiotaOptions>>().Value,
            sp.GetRequiredService<IHttpClientFactory>().CreateClient(HttpClientName)));
        return services.AddHttpClient(HttpClientName)
            .ConfigureAdditionalHttpMessageHandlers((handlers, _) =>
            {
                foreach (var handler in NanoBananaKiotaClientFactory.CreateDefaultHandlers()) handlers.Add(handler);
            })
            .UseRedactedLogging();
    }

    /// <summary>Reports each invalid setting by name (never the key).</summary>
    private sealed class OptionsValidator : IValidateOptions<NanoBananaKiotaOptions>
    {
        public ValidateOptionsResult Validate(string? name, NanoBananaKiotaOptions options)
        {
            var errors = options.Validate();
            return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
        }
    }
}

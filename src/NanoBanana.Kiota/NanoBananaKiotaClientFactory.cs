using System.Net.Http;
using Microsoft.Kiota.Abstractions;
using Microsoft.Kiota.Http.HttpClientLibrary;
using Microsoft.Kiota.Http.HttpClientLibrary.Middleware.Options;

namespace NanoBanana.Kiota;

/// <summary>Builds a <see cref="NanoBananaKiotaClient"/> from <see cref="NanoBananaKiotaOptions"/>.</summary>
public static class NanoBananaKiotaClientFactory
{
    /// <summary>
    /// Kiota's default middleware (retry, redirect, user agent, ...) with one change: a create
    /// (<c>POST</c>) is never retried, since the API has no idempotency key and a duplicate costs money.
    /// Reads are retried on 429, 503 and 504 as Kiota does by default, honouring <c>Retry-After</c>.
    /// </summary>
    /// <returns>New handler instances, outermost first.</returns>
    public static IList<DelegatingHandler> CreateDefaultHandlers()
    {
        var defaultRetry = new RetryHandlerOption();
        var retry = new RetryHandlerOption
        {
            ShouldRetry = (delay, attempt, response) => response.RequestMessage?.Method != HttpMethod.Post && defaultRetry.ShouldRetry(delay, attempt, response),
        };
        return KiotaClientFactory.CreateDefaultHandlers([retry]);
    }

    /// <summary>Creates a client over <paramref name="httpClient"/>, or over a new one with <see cref="CreateDefaultHandlers"/> when it is null.</summary>
    /// <param name="options">The key and base URL; validated first.</param>
    /// <param name="httpClient">The HttpClient to send with (its handlers are used as they are), or null.</param>
    /// <returns>The client. Reuse it: each call without <paramref name="httpClient"/> creates a new connection pool.</returns>
    /// <exception cref="ArgumentException">The options are not valid (the message names each setting, never the key).</exception>
    public static NanoBananaKiotaClient Create(NanoBananaKiotaOptions options, HttpClient? httpClient = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.ThrowIfInvalid();
        var authentication = new NanoBananaApiKeyAuthenticationProvider(options.ApiKey!, options.BaseUrl);
        httpClient ??= KiotaClientFactory.Create(CreateDefaultHandlers());
        var adapter = new HttpClientRequestAdapter(authentication, httpClient: httpClient)
        {
            BaseUrl = options.BaseUrl.GetLeftPart(UriPartial.Path).TrimEnd('/'),
        };
        return new NanoBananaKiotaClient(adapter);
    }
}

using Microsoft.Kiota.Abstractions;
using Microsoft.Kiota.Abstractions.Authentication;
using NanoBanana.Client;

namespace NanoBanana.Kiota;

/// <summary>
/// Kiota authentication for the Nano Banana API: <c>Authorization: Bearer sk-...</c> on requests to the API's host
/// only. Unlike Kiota's <c>ApiKeyAuthenticationProvider</c>, plain http is accepted for a loopback host (a local
/// simulator such as <c>nanobanana mock</c>); plain http to any other host is refused before the request is sent.
/// The key is never part of a message, an exception or <see cref="ToString"/>.
/// </summary>
public sealed class NanoBananaApiKeyAuthenticationProvider : IAuthenticationProvider
{
    private const string AuthorizationHeader = "Authorization";
    private readonly string _authorization;

    /// <summary>Authenticates requests to <paramref name="baseUrl"/>'s host with <paramref name="apiKey"/>.</summary>
    /// <param name="apiKey">The API key (<c>sk-...</c>).</param>
    /// <param name="baseUrl">The API's base URL; only its host receives the key.</param>
    /// <exception cref="ArgumentException">The key is missing or malformed, or the URL is not https (or loopback http).</exception>
    public NanoBananaApiKeyAuthenticationProvider(string apiKey, Uri baseUrl)
    {
        new NanoBananaKiotaOptions { ApiKey = apiKey, BaseUrl = baseUrl }.ThrowIfInvalid();
        _authorization = "Bearer " + apiKey;
        ApiHost = baseUrl.Host;
    }

    /// <summary>The only host that receives the key.</summary>
    public string ApiHost { get; }

    /// <inheritdoc />
    /// <exception cref="InvalidOperationException">The request goes to the API's host over plain http and the host is not a loopback address.</exception>
    public Task AuthenticateRequestAsync(RequestInformation request, Dictionary<string, object>? additionalAuthenticationContext = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var url = request.URI;
        if (!string.Equals(url.Host, ApiHost, StringComparison.OrdinalIgnoreCase)) return Task.CompletedTask;
        if (!HttpsOrLoopback.Allows(url))
        {
            throw new InvalidOperationException($"Refusing to send the API key over {url.Scheme} to '{url.Host}': https is required (plain http only for loopback hosts).");
        }

        request.Headers.Remove(AuthorizationHeader);
        request.Headers.Add(AuthorizationHeader, _authorization);
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public override string ToString() => $"{nameof(NanoBananaApiKeyAuthenticationProvider)} (host {ApiHost}, key redacted)";
}

using System.Text;

namespace NanoBanana.Client.Wire;

// CUSTOM: the facade's hooks into the generated transport (generated/NanoBananaTransport.g.cs):
// the base URL and the bearer key per request, and a size-bounded, excerpt-keeping response body.
internal partial class NanoBananaTransport
{
    // Null until Configure: an unconfigured transport behaves as generated (HttpClient.BaseAddress, no key).
    private string? _baseUrl;
    private ApiKeySource? _key;
    private long _maxResponseBytes = 1024 * 1024;

    /// <summary>Sets what every request of this transport carries. Called once, before the first request.</summary>
    internal void Configure(Uri baseUrl, string apiKey, long maxResponseBytes) => Configure(baseUrl, new ApiKeySource(apiKey), maxResponseBytes);

    /// <summary>Sets what every request of this transport carries, the key read from <paramref name="key"/> per request. Called once, before the first request.</summary>
    internal void Configure(Uri baseUrl, ApiKeySource key, long maxResponseBytes)
    {
        var url = baseUrl.AbsoluteUri;
        _baseUrl = url.EndsWith('/') ? url : url + "/";
        _key = key;
        _maxResponseBytes = maxResponseBytes;
    }

    // CUSTOM: the options' BaseUrl decides the host (not the HttpClient's BaseAddress), so a shared or
    // factory-made HttpClient needs no configuration and the key only ever goes to that host.
    partial void StartUrl(StringBuilder urlBuilder)
    {
        if (_baseUrl is not null) urlBuilder.Append(_baseUrl);
    }

    // CUSTOM: the key is added per request (never to HttpClient.DefaultRequestHeaders), so a client shared with
    // other code, or the download client, never carries it.
    partial void PrepareRequest(HttpClient client, HttpRequestMessage request, string url)
    {
        if (_key is not null) request.Headers.TryAddWithoutValidation("Authorization", _key.Authorization);
        // CUSTOM: NanoBanana.Client/<package version>, so the API's operators can tell clients (and versions) apart.
        request.Headers.TryAddWithoutValidation("User-Agent", NanoBananaTelemetry.UserAgent);
    }

    // CUSTOM: the facade's scope of this call (ApiCallScope.Send), taken before the method awaits anything.
    partial void TakeCallState(ref object? state) => state = ApiCallScope.TakeHandOff();

    // CUSTOM: records status and Retry-After in the call's scope, bounds the body (MaxResponseBytes) and redacts it
    // (the key a server or proxy echoed never reaches a model), keeping its first bytes so an unreadable body can be
    // quoted in the error.
    partial void ProcessResponse(HttpResponseMessage response, object? state)
    {
        var scope = state as ApiCallScope;
        scope?.OnResponse(response);
        if (response.Content is not null)
        {
            response.Content = new BoundedContent(response.Content, _maxResponseBytes, scope, _key?.Redactor ?? NanoBananaRedactor.BearerShapedOnly);
        }
    }
}

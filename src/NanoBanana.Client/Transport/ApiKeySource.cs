namespace NanoBanana.Client;

/// <summary>
/// The API key a client sends, and its <c>Authorization</c> value made once per key (not per request). With DI it
/// follows <c>IOptionsMonitor</c>: a rotated key (a configuration reload) is used from the next request on,
/// without a restart.
/// </summary>
internal sealed class ApiKeySource
{
    private volatile Key _key;

    public ApiKeySource(string apiKey)
    {
        _key = new Key(apiKey);
        Redactor = new NanoBananaRedactor([apiKey]);
    }

    /// <summary>Redacts every key this source has used (the current one and any rotated away).</summary>
    public NanoBananaRedactor Redactor { get; }

    /// <summary>The key in use.</summary>
    public string Current => _key.ApiKey;

    /// <summary><c>Bearer</c> and the key in use.</summary>
    public string Authorization => _key.Authorization;

    /// <summary>Uses <paramref name="apiKey"/> from the next request on; a blank key (an invalid configuration) is ignored.</summary>
    public void Rotate(string? apiKey)
    {
        if (string.IsNullOrWhiteSpace(apiKey) || apiKey == _key.ApiKey) return;
        Redactor.Add(apiKey);
        _key = new Key(apiKey);
    }

    private sealed class Key(string apiKey)
    {
        public string ApiKey { get; } = apiKey;

        public string Authorization { get; } = "Bearer " + apiKey;
    }
}

using NanoBanana.Client;

namespace NanoBanana.Kiota;

/// <summary>Settings of a Kiota-generated <see cref="NanoBananaKiotaClient"/>: the API key and where the API is.</summary>
public sealed class NanoBananaKiotaOptions
{
    /// <summary>The API's base URL: <c>https://api.aivideoapi.ai</c>.</summary>
    public static Uri DefaultBaseUrl { get; } = new("https://api.aivideoapi.ai/");

    /// <summary>The API key (<c>sk-...</c>), sent as <c>Authorization: Bearer</c> to the API's host only. Required.</summary>
    public string? ApiKey { get; set; }

    /// <summary>The API's base URL. Must be HTTPS unless its host is a loopback address (a local simulator).</summary>
    public Uri BaseUrl { get; set; } = DefaultBaseUrl;

    /// <summary>Checks the options and returns every problem found (empty when they are valid). Never echoes the key.</summary>
    /// <returns>One message per problem, each naming the setting.</returns>
    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        if (string.IsNullOrWhiteSpace(ApiKey))
        {
            errors.Add($"{nameof(ApiKey)} is required: set the API key (sk-...) from the dashboard.");
        }
        else if (ApiKey.Any(char.IsControl) || ApiKey.Any(char.IsWhiteSpace))
        {
            errors.Add($"{nameof(ApiKey)} must not contain spaces or control characters.");
        }

        if (BaseUrl is null || !BaseUrl.IsAbsoluteUri)
        {
            errors.Add($"{nameof(BaseUrl)} must be an absolute URL.");
        }
        else if (!HttpsOrLoopback.Allows(BaseUrl))
        {
            errors.Add($"{nameof(BaseUrl)} must use https (http is allowed for loopback hosts only); got scheme '{BaseUrl.Scheme}' for host '{BaseUrl.Host}'.");
        }

        return errors;
    }

    /// <summary>Throws an <see cref="ArgumentException"/> listing every problem, if any.</summary>
    /// <exception cref="ArgumentException">The options are not valid.</exception>
    public void ThrowIfInvalid()
    {
        var errors = Validate();
        if (errors.Count > 0) throw new ArgumentException("Invalid NanoBanana.Kiota options: " + string.Join(" ", errors));
    }
}

namespace NanoBanana.Cli;

/// <summary>A URL typed by the user (an option, a batch file field): absolute, http or https.</summary>
internal static class HttpUrl
{
    /// <summary>Reads <paramref name="text"/> as an absolute http or https URL.</summary>
    public static bool TryParse(string text, out Uri url) =>
        Uri.TryCreate(text, UriKind.Absolute, out url!) && (url.Scheme == Uri.UriSchemeHttp || url.Scheme == Uri.UriSchemeHttps);
}

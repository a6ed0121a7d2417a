namespace NanoBanana.Client;

/// <summary>
/// The client's one rule for a URL it talks to or hands to the API (base URL, callback URL, output URL): absolute
/// https, or http on a loopback host only (a local simulator or receiver).
/// </summary>
internal static class HttpsOrLoopback
{
    public static bool Allows(Uri url) =>
        url.IsAbsoluteUri && (url.Scheme == Uri.UriSchemeHttps || (url.Scheme == Uri.UriSchemeHttp && url.IsLoopback));
}

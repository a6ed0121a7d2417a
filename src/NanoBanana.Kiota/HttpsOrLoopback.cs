namespace NanoBanana.Kiota;

/// <summary>The transport rule the facade also follows: https, or plain http to a loopback host only.</summary>
internal static class HttpsOrLoopback
{
    public static bool Allows(Uri url) =>
        url.IsAbsoluteUri && (url.Scheme == Uri.UriSchemeHttps || (url.Scheme == Uri.UriSchemeHttp && url.IsLoopback));
}

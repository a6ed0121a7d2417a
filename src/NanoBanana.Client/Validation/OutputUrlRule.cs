using System.Net;
using System.Net.Sockets;

namespace NanoBanana.Client;

/// <summary>
/// The one rule for where a download may go, applied to the output URL and to every redirect hop alike, and to the
/// addresses a host name resolves to when the client's own download handler connects: https (http only on a loopback
/// address); never a link-local address (169.254.0.0/16, fe80::/10: cloud metadata services live there), an
/// unspecified, multicast or broadcast one; private ranges (10/8, 172.16/12, 192.168/16, 100.64/10, fc00::/7) only
/// with <see cref="NanoBananaClientOptions.AllowPrivateNetworkDownloads"/>. Loopback is allowed (a local simulator).
/// </summary>
internal static class OutputUrlRule
{
    /// <summary>At most this many redirects are followed for one download.</summary>
    public const int MaxRedirects = 5;

    /// <summary>The request option that carries <see cref="NanoBananaClientOptions.AllowPrivateNetworkDownloads"/> to <see cref="ConnectAsync"/>.</summary>
    public static readonly HttpRequestOptionsKey<bool> AllowPrivateNetworks = new("NanoBanana.AllowPrivateNetworkDownloads");

    private static readonly string[] MetadataHosts = ["metadata.google.internal", "metadata.goog", "metadata"];

    /// <summary>Why <paramref name="url"/> is refused, or null when it is allowed.</summary>
    public static string? Check(Uri url, bool allowPrivateNetworks)
    {
        if (!HttpsOrLoopback.Allows(url)) return "it is not an absolute https URL (http only on a loopback address)";
        var host = url.IdnHost.TrimEnd('.');
        if (MetadataHosts.Contains(host, StringComparer.OrdinalIgnoreCase)) return "it names a cloud metadata host";
        return url.HostNameType is UriHostNameType.IPv4 or UriHostNameType.IPv6 && IPAddress.TryParse(host.Trim('[', ']'), out var address)
            ? Check(address, allowPrivateNetworks)
            : null;
    }

    /// <summary>Why <paramref name="address"/> is refused, or null when it is allowed.</summary>
    public static string? Check(IPAddress address, bool allowPrivateNetworks)
    {
        if (address.IsIPv4MappedToIPv6) address = address.MapToIPv4();
        if (IPAddress.IsLoopback(address)) return null;
        if (address.Equals(IPAddress.Any) || address.Equals(IPAddress.IPv6Any) || address.Equals(IPAddress.Broadcast)) return $"{address} is not a host address";
        if (address.AddressFamily == AddressFamily.InterNetwork)
        {
            var b = address.GetAddressBytes();
            if (b[0] == 169 && b[1] == 254) return $"{address} is link-local (where cloud metadata services answer)";
            if (b[0] == 0 || b[0] >= 224) return $"{address} is not a unicast host address";
            var isPrivate = b[0] == 10 || (b[0] == 172 && (b[1] & 0xF0) == 16) || (b[0] == 192 && b[1] == 168) || (b[0] == 100 && (b[1] & 0xC0) == 64);
            return isPrivate && !allowPrivateNetworks ? $"{address} is in a private network (AllowPrivateNetworkDownloads is off)" : null;
        }

        if (address.IsIPv6LinkLocal || address.IsIPv6SiteLocal) return $"{address} is link-local";
        if (address.IsIPv6Multicast) return $"{address} is not a unicast host address";
        var bytes = address.GetAddressBytes();
        if (bytes[0] == 0xfd && bytes[1] == 0x00 && bytes[2] == 0x0e && bytes[3] == 0xc2) return $"{address} is a cloud metadata address";
        if (address.IsIPv6UniqueLocal && !allowPrivateNetworks) return $"{address} is in a private network (AllowPrivateNetworkDownloads is off)";
        return null;
    }

    /// <summary>
    /// The download handler's connect step: resolves the host and connects only to an address the rule allows, so a
    /// name that resolves to a metadata or private address (DNS rebinding, a hostile redirect) is refused too.
    /// </summary>
    public static async ValueTask<Stream> ConnectAsync(SocketsHttpConnectionContext context, CancellationToken cancellationToken)
    {
        var allowPrivate = context.InitialRequestMessage.Options.TryGetValue(AllowPrivateNetworks, out var allowed) && allowed;
        var endPoint = context.DnsEndPoint;
        var addresses = IPAddress.TryParse(endPoint.Host, out var literal)
            ? [literal]
            : await Dns.GetHostAddressesAsync(endPoint.Host, cancellationToken).ConfigureAwait(false);
        string? refused = null;
        foreach (var address in addresses)
        {
            if (Check(address, allowPrivate) is { } reason)
            {
                refused = reason;
                continue;
            }

            var socket = new Socket(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            try
            {
                await socket.ConnectAsync(new IPEndPoint(address, endPoint.Port), cancellationToken).ConfigureAwait(false);
                return new NetworkStream(socket, ownsSocket: true);
            }
            catch
            {
                socket.Dispose();
                if (address == addresses[^1]) throw;
            }
        }

        throw new HttpRequestException(HttpRequestError.ConnectionError, $"The download host {endPoint.Host} is refused: {refused ?? "it resolves to no address"}.");
    }

    /// <summary>The download handler the client makes for itself (and registers with DI): redirects are followed by the client, hop by hop, under this rule.</summary>
    public static SocketsHttpHandler CreateHandler() => new()
    {
        PooledConnectionLifetime = TimeSpan.FromMinutes(5),
        AutomaticDecompression = DecompressionMethods.All,
        AllowAutoRedirect = false,
        ConnectCallback = ConnectAsync,
    };
}

using System.Net;
using System.Net.Sockets;

namespace NanoBanana.Testing;

/// <summary>Loopback ports for tests: one that is free to bind, where a connection is refused until someone does.</summary>
public static class LoopbackPorts
{
    /// <summary>A loopback port nothing listens on right now.</summary>
    public static int Free()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}

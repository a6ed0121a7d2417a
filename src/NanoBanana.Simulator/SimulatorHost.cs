using System.Net;
using System.Net.Sockets;
using WireMock.Logging;
using WireMock.Server;
using WireMock.Settings;

namespace NanoBanana.Simulator;

/// <summary>Hosting: a bare WireMock.Net server (no admin interface, no request log, bodies left raw) and free ports.</summary>
internal static class SimulatorHost
{
    public static WireMockServer StartServer(string host, int port) => WireMockServer.Start(new WireMockServerSettings
    {
        Urls = [$"http://{host}:{port}"],
        StartAdminInterface = false,
        Logger = new WireMockNullLogger(),
        MaxRequestLogCount = 0,
        DisableJsonBodyParsing = true,
        DisableRequestBodyDecompressing = true,
        PreWireMockMiddlewareInit = ConnectionDropper.Install,
    });

    public static int FreePort(int except = -1)
    {
        while (true)
        {
            using var listener = new TcpListener(IPAddress.Loopback, 0);
            listener.Start();
            var port = ((IPEndPoint)listener.LocalEndpoint).Port;
            if (port != except) return port;
        }
    }
}

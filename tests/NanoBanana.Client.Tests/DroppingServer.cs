using System.Net;
using System.Net.Sockets;
using System.Text;

namespace NanoBanana.Client.Tests;

/// <summary>
/// A server that reads each request whole, counts it, and then either drops the connection without answering
/// (the "connection dropped mid-request" case: the request reached the server, no response came back) or, with
/// <c>hang: true</c>, never answers at all (the timeout case).
/// </summary>
public sealed class DroppingServer : IDisposable
{
    private readonly bool _hang;
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource _stop = new();
    private int _requests;


    public DroppingServer(bool hang = false)
    {
        _hang = hang;
        _listener.Start();
        _ = AcceptLoop();
    }

    public Uri Url => new($"http://127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}/");

    public int Requests => Volatile.Read(ref _requests);

    private async Task AcceptLoop()
    {
        try
        {
            while (!_stop.IsCancellationRequested)
            {
                var socket = await _listener.AcceptSocketAsync(_stop.Token);
                _ = Handle(socket);
            }
        }
        catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
        {
        }
    }

    private async Task Handle(Socket socket)
    {
        using (socket)
        {
            var buffer = new byte[65536];
            var text = new StringBuilder();
            try
            {
                while (true)
                {
                    var n = await socket.ReceiveAsync(buffer, SocketFlags.None, _stop.Token);
                    if (n == 0) return;
                    text.Append(Encoding.ASCII.GetString(buffer, 0, n));
                    var s = text.ToString();
                    var end = s.IndexOf("\r\n\r\n", StringComparison.Ordinal);
                    if (end < 0) continue;
                    var length = 0;
                    foreach (var line in s[..end].Split("\r\n"))
                    {
                        if (line.StartsWith("Content-Length:", StringComparison.OrdinalIgnoreCase)) length = int.Parse(line[15..].Trim(), System.Globalization.CultureInfo.InvariantCulture);
                    }

                    if (s.Length - end - 4 >= length) break;
                }

                Interlocked.Increment(ref _requests);
                if (_hang) await Task.Delay(Timeout.Infinite, _stop.Token);
                socket.LingerState = new LingerOption(true, 0); // reset: no response at all
            }
            catch (Exception e) when (e is OperationCanceledException or SocketException)
            {
            }
        }
    }

    public void Dispose()
    {
        _stop.Cancel();
        _listener.Stop();
        _stop.Dispose();
    }
}

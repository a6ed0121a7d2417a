using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace NanoBanana.Testing;

/// <summary>
/// A raw HTTP/1.1 server on a loopback socket, for the faults neither WireMock nor the simulator can produce:
/// a connection closed without a byte, a body that never ends, a body that stalls, a body cut short of its
/// Content-Length. Each connection carries one request (<c>Connection: close</c>), so connections and requests
/// can be counted exactly.
/// </summary>
public sealed class HostileServer : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly Func<HostileRequest, HostileConnection, Task> _respond;
    private readonly CancellationTokenSource _stop = new();
    private readonly ConcurrentBag<Task> _connections = [];
    private readonly ConcurrentQueue<HostileRequest> _requests = new();
    private readonly Task _acceptLoop;
    private int _open;
    private long _bytesSent;

    public HostileServer(Func<HostileRequest, HostileConnection, Task> respond)
    {
        _respond = respond;
        _listener.Start(1024);
        Url = new Uri($"http://127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}/");
        _acceptLoop = AcceptLoopAsync();
    }

    /// <summary>
    /// A server that reads each request whole and then drops the connection with a reset, without answering
    /// ("connection dropped mid-request": the request reached the server, no response came back), or, with
    /// <paramref name="hang"/>, never answers at all (the timeout case).
    /// </summary>
    public static HostileServer Dropping(bool hang = false) =>
        new((_, connection) =>
        {
            if (hang) return connection.WaitForClientToLeaveAsync();
            connection.Reset();
            return Task.CompletedTask;
        });

    public Uri Url { get; }

    /// <summary>Every request received, in arrival order.</summary>
    public IReadOnlyList<HostileRequest> Requests => _requests.ToArray();

    /// <summary>How many requests arrived (read whole), over every path.</summary>
    public int RequestCount => _requests.Count;

    /// <summary>Connections open right now (accepted and not yet closed by either side).</summary>
    public int OpenConnections => Volatile.Read(ref _open);

    /// <summary>Body bytes the server managed to hand to the socket, over every connection.</summary>
    public long BytesSent => Interlocked.Read(ref _bytesSent);

    /// <summary>How many requests arrived for a path prefix.</summary>
    public int Received(string pathPrefix) => _requests.Count(r => r.Path.StartsWith(pathPrefix, StringComparison.Ordinal));

    private async Task AcceptLoopAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            Socket socket;
            try
            {
                socket = await _listener.AcceptSocketAsync(_stop.Token).ConfigureAwait(false);
            }
            catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException or SocketException)
            {
                return;
            }

            _connections.Add(Task.Run(() => ServeAsync(socket)));
        }
    }

    private async Task ServeAsync(Socket socket)
    {
        Interlocked.Increment(ref _open);
        try
        {
            using var stream = new NetworkStream(socket, ownsSocket: false);
            var request = await ReadRequestAsync(stream, _stop.Token).ConfigureAwait(false);
            if (request is null) return;
            _requests.Enqueue(request);
            var connection = new HostileConnection(socket, stream, this, _stop.Token, _requests.Count(r => r.Path == request.Path) - 1);
            await _respond(request, connection).ConfigureAwait(false);
        }
        catch (Exception e) when (e is IOException or SocketException or OperationCanceledException or ObjectDisposedException)
        {
            // The client went away (it timed out, hit its size limit or was canceled): that is the point of most faults.
        }
        finally
        {
            try
            {
                socket.Shutdown(SocketShutdown.Both);
            }
            catch (SocketException)
            {
            }
            catch (ObjectDisposedException)
            {
            }

            socket.Dispose();
            Interlocked.Decrement(ref _open);
        }
    }

    private static async Task<HostileRequest?> ReadRequestAsync(NetworkStream stream, CancellationToken cancellationToken)
    {
        var head = new List<byte>(1024);
        var one = new byte[1];
        while (head.Count < 65536)
        {
            if (await stream.ReadAsync(one, cancellationToken).ConfigureAwait(false) == 0) return null;
            head.Add(one[0]);
            if (head.Count >= 4 && head[^1] == '\n' && head[^2] == '\r' && head[^3] == '\n' && head[^4] == '\r') break;
        }

        var lines = Encoding.ASCII.GetString(head.ToArray()).Split("\r\n");
        var first = lines[0].Split(' ');
        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var line in lines.Skip(1).Where(l => l.Length > 0))
        {
            var colon = line.IndexOf(':', StringComparison.Ordinal);
            if (colon > 0) headers[line[..colon].Trim()] = line[(colon + 1)..].Trim();
        }

        var body = Array.Empty<byte>();
        if (headers.TryGetValue("Content-Length", out var length) && int.TryParse(length, out var n) && n > 0)
        {
            body = new byte[n];
            await stream.ReadExactlyAsync(body, cancellationToken).ConfigureAwait(false);
        }

        return new HostileRequest(first[0], first.Length > 1 ? first[1] : "/", headers, Encoding.UTF8.GetString(body));
    }

    internal void CountSent(int n) => Interlocked.Add(ref _bytesSent, n);

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        _listener.Stop();
        await _acceptLoop.ConfigureAwait(false);
        await Task.WhenAll(_connections.ToArray()).WaitAsync(TimeSpan.FromSeconds(5)).ConfigureAwait(false);
        _stop.Dispose();
    }
}

/// <summary>A request as the hostile server read it.</summary>
public sealed record HostileRequest(string Method, string Path, IReadOnlyDictionary<string, string> Headers, string Body)
{
    public string? Authorization => Headers.TryGetValue("Authorization", out var value) ? value : null;
}

/// <summary>One connection's answer, written by a fault.</summary>
public sealed class HostileConnection
{
    private readonly Socket _socket;
    private readonly HostileServer _server;

    internal HostileConnection(Socket socket, NetworkStream stream, HostileServer server, CancellationToken stopping, int index)
    {
        _socket = socket;
        Stream = stream;
        _server = server;
        Stopping = stopping;
        Index = index;
    }

    public NetworkStream Stream { get; }

    public CancellationToken Stopping { get; }

    /// <summary>0 for the first request to this path, 1 for the second, ...</summary>
    public int Index { get; }

    /// <summary>Writes a status line and headers (always <c>Connection: close</c>).</summary>
    public Task WriteHeadAsync(int status, IEnumerable<KeyValuePair<string, string>> headers)
    {
        var text = new StringBuilder().Append("HTTP/1.1 ").Append(status).Append(" X\r\nConnection: close\r\n");
        foreach (var (name, value) in headers) text.Append(name).Append(": ").Append(value).Append("\r\n");
        text.Append("\r\n");
        return Stream.WriteAsync(Encoding.ASCII.GetBytes(text.ToString()), Stopping).AsTask();
    }

    /// <summary>A whole response with a Content-Length.</summary>
    public async Task WriteResponseAsync(int status, byte[] body, string contentType = "application/json", IEnumerable<KeyValuePair<string, string>>? headers = null)
    {
        await WriteHeadAsync(status, [new("Content-Type", contentType), new("Content-Length", body.Length.ToString(System.Globalization.CultureInfo.InvariantCulture)), .. headers ?? []]).ConfigureAwait(false);
        await WriteBodyAsync(body).ConfigureAwait(false);
    }

    public async Task WriteBodyAsync(ReadOnlyMemory<byte> bytes)
    {
        await Stream.WriteAsync(bytes, Stopping).ConfigureAwait(false);
        _server.CountSent(bytes.Length);
    }

    /// <summary>Waits until the client closes the connection (or the server stops), reading nothing it sends.</summary>
    public async Task WaitForClientToLeaveAsync()
    {
        var buffer = new byte[256];
        while (await Stream.ReadAsync(buffer, Stopping).ConfigureAwait(false) > 0)
        {
        }
    }

    /// <summary>Closes the connection with a TCP reset (no FIN): the client sees "connection reset".</summary>
    public void Reset()
    {
        _socket.LingerState = new LingerOption(true, 0);
        _socket.Close();
    }
}

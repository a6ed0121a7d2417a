using System.Collections.Concurrent;

namespace NanoBanana.Testing;

/// <summary>
/// Counts the client's requests that are waiting for response headers, numbered in the order they were sent.
/// A test moves fake time only while no request is on the wire (so a slow loopback request can never time out
/// on fake time, and its retry never consumes the next answer of a WireMock sequence), except a request the test
/// deliberately stalls. Put it under the client's <see cref="HttpClient"/>; drive the clock with <see cref="FakeClock"/>.
/// </summary>
public sealed class InFlightHandler(HttpMessageHandler inner) : DelegatingHandler(inner)
{
    private readonly ConcurrentDictionary<int, byte> _inFlight = new();
    private int _sent;

    /// <summary>Requests on the wire now.</summary>
    public int InFlight => _inFlight.Count;

    /// <summary>How many requests went out.</summary>
    public int Sent => Volatile.Read(ref _sent);

    /// <summary>Whether fake time may move: nothing in flight, or only the first request when it is the stalled one.</summary>
    public bool MayAdvance(bool firstRequestStalls) =>
        _inFlight.IsEmpty || (firstRequestStalls && _inFlight.Count == 1 && _inFlight.ContainsKey(0));

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var number = Interlocked.Increment(ref _sent) - 1;
        _inFlight[number] = 0;
        try
        {
            return await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _inFlight.TryRemove(number, out _);
        }
    }
}

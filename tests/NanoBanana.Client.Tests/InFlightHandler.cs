namespace NanoBanana.Client.Tests;

/// <summary>
/// Counts the client's requests that are on the wire (sent, response headers not yet back). The harness moves fake
/// time only while this is zero, so a loopback request slowed down by a loaded machine can never time out on fake time
/// (and its retry never consumes the next answer of a WireMock sequence).
/// </summary>
internal sealed class InFlightHandler(HttpMessageHandler inner) : DelegatingHandler(inner)
{
    private int _inFlight;

    /// <summary>Requests on the wire now.</summary>
    public int InFlight => Volatile.Read(ref _inFlight);

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _inFlight);
        try
        {
            return await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            Interlocked.Decrement(ref _inFlight);
        }
    }
}

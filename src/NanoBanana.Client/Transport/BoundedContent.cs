using System.Net;

namespace NanoBanana.Client;

/// <summary>
/// A response body that fails once it grows past a limit (so a misbehaving server cannot exhaust memory)
/// and hands its first bytes to the call's <see cref="ApiCallScope"/>.
/// </summary>
internal sealed class BoundedContent : HttpContent
{
    private readonly HttpContent _inner;
    private readonly long _maxBytes;
    private readonly ApiCallScope? _scope;

    public BoundedContent(HttpContent inner, long maxBytes, ApiCallScope? scope)
    {
        _inner = inner;
        _maxBytes = maxBytes;
        _scope = scope;
        // Content headers are not copied: the transport reads them before this wrapper is in place, and copying
        // them would double this wrapper's allocations. Text is read as UTF-8 (the API's JSON).
    }

    protected override async Task<Stream> CreateContentReadStreamAsync(CancellationToken cancellationToken)
    {
        if (_inner.Headers.ContentLength > _maxBytes) throw new ResponseTooLargeException(_maxBytes);
        return new BoundedStream(await _inner.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false), _maxBytes, _scope);
    }

    protected override Task<Stream> CreateContentReadStreamAsync() => CreateContentReadStreamAsync(CancellationToken.None);

    protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context, CancellationToken cancellationToken)
    {
        using var source = await CreateContentReadStreamAsync(cancellationToken).ConfigureAwait(false);
        await source.CopyToAsync(stream, cancellationToken).ConfigureAwait(false);
    }

    protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context) =>
        SerializeToStreamAsync(stream, context, CancellationToken.None);

    protected override bool TryComputeLength(out long length)
    {
        length = 0;
        return false;
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing) _inner.Dispose();
        base.Dispose(disposing);
    }
}

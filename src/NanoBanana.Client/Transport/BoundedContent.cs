using System.Buffers;
using System.Net;

namespace NanoBanana.Client;

/// <summary>
/// An API response body, read whole before anything parses it: it fails once it grows past a limit (so a
/// misbehaving server cannot exhaust memory), it passes through the client's <see cref="NanoBananaRedactor"/> (so no
/// model, message, log or excerpt ever holds a key the server echoed back), and it hands its first bytes to the call's
/// <see cref="ApiCallScope"/>.
/// </summary>
internal sealed class BoundedContent : HttpContent
{
    private readonly HttpContent _inner;
    private readonly long _maxBytes;
    private readonly ApiCallScope? _scope;
    private readonly NanoBananaRedactor _redactor;

    public BoundedContent(HttpContent inner, long maxBytes, ApiCallScope? scope, NanoBananaRedactor redactor)
    {
        _inner = inner;
        _maxBytes = maxBytes;
        _scope = scope;
        _redactor = redactor;
        // Content headers are not copied: the transport reads them before this wrapper is in place, and copying
        // them would double this wrapper's allocations. Text is read as UTF-8 (the API's JSON).
    }

    protected override async Task<Stream> CreateContentReadStreamAsync(CancellationToken cancellationToken)
    {
        var declared = _inner.Headers.ContentLength;
        if (declared > _maxBytes) throw new ResponseTooLargeException(_maxBytes);
        using var source = await _inner.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        var body = new MemoryStream(declared is { } length ? (int)length : 1024);
        var chunk = ArrayPool<byte>.Shared.Rent(16384);
        try
        {
            int n;
            while ((n = await source.ReadAsync(chunk, cancellationToken).ConfigureAwait(false)) > 0)
            {
                if (body.Length + n > _maxBytes)
                {
                    _scope?.Capture(body.GetBuffer().AsSpan(0, (int)body.Length));
                    throw new ResponseTooLargeException(_maxBytes);
                }

                body.Write(chunk, 0, n);
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(chunk);
        }

        var redacted = _redactor.RedactUtf8(new ArraySegment<byte>(body.GetBuffer(), 0, (int)body.Length));
        _scope?.Capture(redacted);
        return new MemoryStream(redacted.Array!, redacted.Offset, redacted.Count, writable: false);
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

using System.Buffers;
using System.Net;
using System.Runtime.InteropServices;
using NanoBanana.Client.Wire;

namespace NanoBanana.Client;

/// <summary>
/// An API response body, read whole before anything parses it: it fails once it grows past a limit (so a
/// misbehaving server cannot exhaust memory), it passes through the client's <see cref="NanoBananaRedactor"/> (so no
/// model, message, log or excerpt ever holds a key the server echoed back), and it hands its first bytes to the call's
/// <see cref="ApiCallScope"/>.
/// </summary>
internal sealed class BoundedContent : HttpContent, NanoBananaTransport.IBufferedResponseBody
{
    private readonly HttpContent _inner;
    private readonly long _maxBytes;
    private readonly ApiCallScope? _scope;
    private readonly NanoBananaRedactor _redactor;
    // The pooled buffer the last read stream reads from, until the content is disposed.
    private byte[]? _rented;

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
        var body = await ReadBodyAsync(cancellationToken).ConfigureAwait(false);
        return MemoryMarshal.TryGetArray(body, out var segment)
            ? new MemoryStream(segment.Array!, segment.Offset, segment.Count, writable: false)
            : new MemoryStream(body.ToArray(), writable: false);
    }

    /// <summary>The whole body, bounded and redacted (what the transport parses without a stream).</summary>
    public async ValueTask<ReadOnlyMemory<byte>> ReadBodyAsync(CancellationToken cancellationToken)
    {
        var declared = _inner.Headers.ContentLength;
        if (declared > _maxBytes) throw new ResponseTooLargeException(_maxBytes);
        using var source = await _inner.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        // The body is read into a pooled buffer (given back when the response is disposed, after the transport has
        // parsed it): a buffered read costs no per-call allocation of the body's size. One byte more than declared, so
        // that the end of a body of the declared length is seen without growing the buffer.
        var buffer = ArrayPool<byte>.Shared.Rent(declared is { } size && size < _maxBytes ? (int)size + 1 : 4096);
        var length = 0;
        try
        {
            int n;
            while ((n = await source.ReadAsync(buffer.AsMemory(length), cancellationToken).ConfigureAwait(false)) > 0)
            {
                if ((long)length + n > _maxBytes)
                {
                    _scope?.Capture(buffer.AsSpan(0, length));
                    throw new ResponseTooLargeException(_maxBytes);
                }

                length += n;
                if (length == buffer.Length)
                {
                    var larger = ArrayPool<byte>.Shared.Rent(buffer.Length * 2);
                    buffer.AsSpan(0, length).CopyTo(larger);
                    ArrayPool<byte>.Shared.Return(buffer);
                    buffer = larger;
                }
            }
        }
        catch
        {
            ArrayPool<byte>.Shared.Return(buffer);
            throw;
        }

        var redacted = _redactor.RedactUtf8(new ArraySegment<byte>(buffer, 0, length));
        var isRented = ReferenceEquals(redacted.Array, buffer);
        if (!isRented) ArrayPool<byte>.Shared.Return(buffer);
        if (_scope is not null)
        {
            // The call's scope keeps the body as its excerpt (no copy) and gives the pooled array back when the call ends.
            _scope.Keep(redacted, isRented);
        }
        else if (isRented)
        {
            ReturnRented(Interlocked.Exchange(ref _rented, buffer));
        }

        return redacted;
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
        if (disposing)
        {
            _inner.Dispose();
            ReturnRented(Interlocked.Exchange(ref _rented, null));
        }

        base.Dispose(disposing);
    }

    private static void ReturnRented(byte[]? buffer)
    {
        if (buffer is not null) ArrayPool<byte>.Shared.Return(buffer);
    }
}

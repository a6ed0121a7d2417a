using System.Buffers;
using System.Net.Http.Headers;
using System.Text;
using NanoBanana.Client.Wire;

namespace NanoBanana.Client;

/// <summary>
/// What one API call (one attempt) saw of its response: status, <c>Retry-After</c> and the first bytes of the
/// body. The generated methods take no extra argument, so <see cref="Send{TState, T}"/> hands the scope to the
/// transport through a thread-static field that the generated method takes as its first statement
/// (<c>TakeCallState</c>, while it still runs synchronously on the caller's thread) and keeps in a local for its
/// response hook. No <see cref="AsyncLocal{T}"/>: setting one costs a new ExecutionContext on every call, and every
/// continuation of the request (socket completions included) would then carry it.
/// </summary>
internal sealed class ApiCallScope : IDisposable
{
    internal const int ExcerptBytes = 512;
    [ThreadStatic]
    private static ApiCallScope? t_handOff;
    // The client's clock (for a Retry-After given as an HTTP date).
    private readonly TimeProvider _time;
    private byte[]? _excerpt;
    private int _excerptOffset;
    private int _excerptLength;
    // Whether _excerpt is rented from the shared pool (given back on Dispose).
    private bool _excerptRented;

    private ApiCallScope(TimeProvider time)
    {
        _time = time;
    }

    /// <summary>The response's status, once it arrived.</summary>
    public int? StatusCode { get; private set; }

    /// <summary>The response's Retry-After, when given.</summary>
    public TimeSpan? RetryAfter { get; private set; }

    /// <summary>Starts the scope of one call (one attempt); dispose it when the call has ended.</summary>
    public static ApiCallScope Begin(TimeProvider time) => new(time);

    /// <summary>
    /// Starts <paramref name="send"/> (a generated transport method) with this scope handed to it: the transport's hooks
    /// record the response in this scope.
    /// </summary>
    public Task<T> Send<TState, T>(Func<NanoBananaTransport, TState, CancellationToken, Task<T>> send, NanoBananaTransport transport, TState state,
        CancellationToken cancellationToken)
    {
        t_handOff = this;
        try
        {
            return send(transport, state, cancellationToken);
        }
        finally
        {
            // Taken by the transport's first statement; cleared here in case it was not (an argument check threw first).
            t_handOff = null;
        }
    }

    /// <summary>The scope handed over by <see cref="Send{TState, T}"/> on this thread, if any (taken: a second call gets none).</summary>
    internal static ApiCallScope? TakeHandOff()
    {
        var scope = t_handOff;
        t_handOff = null;
        return scope;
    }

    /// <summary>Records status and Retry-After (the clock is read only when a Retry-After is a date).</summary>
    public void OnResponse(HttpResponseMessage response)
    {
        StatusCode = (int)response.StatusCode;
        RetryAfter = response.Headers.RetryAfter is { } header ? RetryAfterOf(header, header.Date is null ? default : _time.GetUtcNow()) : null;
    }

    /// <summary>Keeps the first bytes of a body that was not read whole (a copy).</summary>
    public void Capture(ReadOnlySpan<byte> read)
    {
        if (_excerptLength >= ExcerptBytes || read.IsEmpty) return;
        if (_excerpt is null)
        {
            _excerpt = ArrayPool<byte>.Shared.Rent(ExcerptBytes);
            _excerptRented = true;
            _excerptOffset = 0;
        }

        var n = Math.Min(read.Length, ExcerptBytes - _excerptLength);
        read[..n].CopyTo(_excerpt.AsSpan(_excerptOffset + _excerptLength));
        _excerptLength += n;
    }

    /// <summary>
    /// Keeps the whole body that was read (no copy): its first bytes are the excerpt. When <paramref name="rented"/>,
    /// the scope now owns the pooled array and gives it back on <see cref="Dispose"/>, after the call has parsed it.
    /// </summary>
    public void Keep(ArraySegment<byte> body, bool rented)
    {
        ReturnExcerpt();
        _excerpt = body.Array;
        _excerptOffset = body.Offset;
        _excerptLength = Math.Min(body.Count, ExcerptBytes);
        _excerptRented = rented;
    }

    /// <summary>The first bytes of the body as text, or null when none were read.</summary>
    public string? Excerpt => _excerpt is null || _excerptLength == 0 ? null : Encoding.UTF8.GetString(_excerpt, _excerptOffset, _excerptLength);

    /// <summary>A Retry-After header as a delay (seconds, or an HTTP date relative to <paramref name="now"/>).</summary>
    internal static TimeSpan? RetryAfterOf(RetryConditionHeaderValue? header, DateTimeOffset now)
    {
        if (header is null) return null;
        if (header.Delta is { } delta) return delta < TimeSpan.Zero ? TimeSpan.Zero : delta;
        if (header.Date is { } date)
        {
            var wait = date - now;
            return wait < TimeSpan.Zero ? TimeSpan.Zero : wait;
        }

        return null;
    }

    public void Dispose() => ReturnExcerpt();

    private void ReturnExcerpt()
    {
        if (_excerpt is not null && _excerptRented) ArrayPool<byte>.Shared.Return(_excerpt);
        _excerpt = null;
        _excerptLength = 0;
        _excerptRented = false;
    }
}

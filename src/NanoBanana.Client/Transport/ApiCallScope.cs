using System.Buffers;
using System.Net.Http.Headers;
using System.Text;

namespace NanoBanana.Client;

/// <summary>
/// What one API call (one attempt) saw of its response: status, <c>Retry-After</c> and the first bytes of the
/// body. It flows from the facade into the generated transport's hooks through an <see cref="AsyncLocal{T}"/>,
/// since the generated methods take no extra argument.
/// </summary>
internal sealed class ApiCallScope : IDisposable
{
    internal const int ExcerptBytes = 512;
    private static readonly AsyncLocal<ApiCallScope?> CurrentScope = new();
    // The client's clock (for a Retry-After given as an HTTP date).
    private readonly TimeProvider _time;
    private byte[]? _excerpt;
    private int _excerptLength;

    private ApiCallScope(TimeProvider time)
    {
        _time = time;
    }

    /// <summary>The scope of the call in progress on this async flow, if any.</summary>
    public static ApiCallScope? Current => CurrentScope.Value;

    /// <summary>The response's status, once it arrived.</summary>
    public int? StatusCode { get; private set; }

    /// <summary>The response's Retry-After, when given.</summary>
    public TimeSpan? RetryAfter { get; private set; }

    /// <summary>
    /// Starts the scope of one call. Call it from the async method that makes the call: the value is set once and
    /// never cleared, since an async method's changes to async-local values end with it (each set costs a new
    /// ExecutionContext, so clearing it by hand would double that cost on every API call).
    /// </summary>
    public static ApiCallScope Begin(TimeProvider time)
    {
        var scope = new ApiCallScope(time);
        CurrentScope.Value = scope;
        return scope;
    }

    /// <summary>Records status and Retry-After.</summary>
    public void OnResponse(HttpResponseMessage response)
    {
        StatusCode = (int)response.StatusCode;
        RetryAfter = RetryAfterOf(response.Headers.RetryAfter, _time.GetUtcNow());
    }

    /// <summary>Keeps the first bytes of the body.</summary>
    public void Capture(ReadOnlySpan<byte> read)
    {
        if (_excerptLength >= ExcerptBytes || read.IsEmpty) return;
        _excerpt ??= ArrayPool<byte>.Shared.Rent(ExcerptBytes);
        var n = Math.Min(read.Length, ExcerptBytes - _excerptLength);
        read[..n].CopyTo(_excerpt.AsSpan(_excerptLength));
        _excerptLength += n;
    }

    /// <summary>The first bytes of the body as text, or null when none were read.</summary>
    public string? Excerpt => _excerpt is null || _excerptLength == 0 ? null : Encoding.UTF8.GetString(_excerpt, 0, _excerptLength);

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

    public void Dispose()
    {
        if (_excerpt is not null)
        {
            ArrayPool<byte>.Shared.Return(_excerpt);
            _excerpt = null;
        }
    }
}

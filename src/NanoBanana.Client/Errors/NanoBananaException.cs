namespace NanoBanana.Client;

/// <summary>
/// The base of every error the client raises for a failed API call: the HTTP status, the API's error
/// <c>code</c> and <c>type</c>, its message, <c>Retry-After</c> when given, and an excerpt of the body.
/// An undocumented code or a body that is not the error envelope arrives as this base type.
/// Messages never contain the API key.
/// </summary>
public class NanoBananaException : Exception
{
    /// <summary>Creates an error.</summary>
    /// <param name="message">What went wrong.</param>
    /// <param name="statusCode">The HTTP status, or null when no response arrived.</param>
    /// <param name="errorCode">The API's <c>error.code</c>.</param>
    /// <param name="errorType">The API's <c>error.type</c>.</param>
    /// <param name="retryAfter">The response's <c>Retry-After</c>.</param>
    /// <param name="responseExcerpt">The start of the response body.</param>
    /// <param name="innerException">The cause.</param>
    public NanoBananaException(string message, int? statusCode = null, string? errorCode = null, string? errorType = null,
        TimeSpan? retryAfter = null, string? responseExcerpt = null, Exception? innerException = null)
        : base(message, innerException)
    {
        StatusCode = statusCode;
        ErrorCode = errorCode;
        ErrorType = errorType;
        RetryAfter = retryAfter;
        ResponseExcerpt = responseExcerpt;
    }

    /// <summary>The HTTP status, or null when no response arrived.</summary>
    public int? StatusCode { get; }

    /// <summary>The API's <c>error.code</c> (such as <c>insufficient_credits</c>), when the body was the error envelope.</summary>
    public string? ErrorCode { get; }

    /// <summary>The API's <c>error.type</c> (such as <c>billing_error</c>), when the body was the error envelope.</summary>
    public string? ErrorType { get; }

    /// <summary>How long the server asked to wait before trying again (<c>Retry-After</c>), when given.</summary>
    public TimeSpan? RetryAfter { get; }

    /// <summary>The start of the response body (at most 512 characters), for diagnosis.</summary>
    public string? ResponseExcerpt { get; }

    /// <summary>
    /// Whether trying the same request again later may succeed (network errors, timeouts, 429
    /// <c>rate_limit_exceeded</c>, 5xx). Reads are retried automatically while this holds.
    /// </summary>
    public bool IsTransient => Class.Transient;

    /// <summary>
    /// What kind of failure this is (billing, authentication, rate limited, network, ...): decide on it instead of on the
    /// exception's type. The same however the exception was made: each documented type has its category, and the base
    /// type's comes from <see cref="StatusCode"/> and <see cref="ErrorCode"/>.
    /// </summary>
    public NanoBananaFailureCategory Category
    {
        get => _category ??= FailureClassifier.Categorize(StatusCode, ErrorCode);
        private protected set => _category = value;
    }

    /// <summary>The response's headers (the API's or the output host's), names case-insensitive; empty when no response arrived.</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<string>> Headers { get; internal set; } = NoHeaders;

    /// <summary>The request id the server gave (<c>x-request-id</c> or <c>request-id</c>), to quote to support; null when none.</summary>
    public string? RequestId =>
        (Headers.TryGetValue("x-request-id", out var id) || Headers.TryGetValue("request-id", out id)) && id.Count > 0 ? id[0] : null;

    /// <summary>How the failure is treated (retries, a create's outcome): from <see cref="FailureClassifier"/>, by type, or by status and code.</summary>
    internal FailureClass Class
    {
        get => _class ??= FailureClassifier.Classify(StatusCode, ErrorCode);
        set => _class = value;
    }

    private static readonly IReadOnlyDictionary<string, IReadOnlyList<string>> NoHeaders =
        new Dictionary<string, IReadOnlyList<string>>(StringComparer.OrdinalIgnoreCase).AsReadOnly();

    private FailureClass? _class;
    private NanoBananaFailureCategory? _category;
}

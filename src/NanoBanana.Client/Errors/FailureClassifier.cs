namespace NanoBanana.Client;

/// <summary>
/// The one place that decides how a failed API call is treated: which exception it becomes, whether a read
/// (or a download) tries it again, whether a create tries it again, and whether a create that met it may
/// still have made a task. Everything else (the retry pipelines, <see cref="NanoBananaException.IsTransient"/>,
/// the create's outcome-unknown error) reads the <see cref="FailureClass"/> it gives.
/// </summary>
/// <remarks>
/// A failure is classified by what is known of it: the HTTP status and the API's error code when a response
/// arrived, otherwise how the attempt failed (<see cref="FailureKind"/>). <see cref="DocumentedErrors"/> is the
/// contract's error table (status, code, exception type); a test checks it against the spec's error responses.
/// </remarks>
internal static class FailureClassifier
{
    /// <summary>A definite rejection: nothing was done, trying again gives the same answer.</summary>
    internal static readonly FailureClass Rejected = new(Transient: false, CreateRetried: false, CreateOutcomeUnknown: false);

    /// <summary>429 <c>rate_limit_exceeded</c>: nothing was done or billed; every operation waits and tries again.</summary>
    internal static readonly FailureClass RateLimited = new(Transient: true, CreateRetried: true, CreateOutcomeUnknown: false);

    /// <summary>A server error after which the request may have been carried out: reads try again, a create's outcome is unknown.</summary>
    internal static readonly FailureClass MayHaveRun = new(Transient: true, CreateRetried: false, CreateOutcomeUnknown: true);

    /// <summary>
    /// A transient error that says the request was not carried out (503 <c>upstream_error</c>: contract decision, a
    /// create that met it is not billed; 408; an undocumented 429): reads try again, a create is not tried again.
    /// </summary>
    internal static readonly FailureClass NotRunTransient = new(Transient: true, CreateRetried: false, CreateOutcomeUnknown: false);

    /// <summary>A response that could not be used (a 2xx that is not the documented body, an odd 5xx): not retried; a create may have run.</summary>
    internal static readonly FailureClass Unusable = new(Transient: false, CreateRetried: false, CreateOutcomeUnknown: true);

    /// <summary>The connection could not be made: the request certainly never left, so even a create tries again.</summary>
    internal static readonly FailureClass NotSent = new(Transient: true, CreateRetried: true, CreateOutcomeUnknown: false);

    /// <summary>
    /// The error table of the contract: every documented (status, code), the exception it becomes and how it is
    /// treated. Checked against <c>openapi/v1/nano-banana-2-lite.yaml</c> by the contract tests.
    /// </summary>
    internal static readonly DocumentedErrorRule[] DocumentedErrors =
    [
        new(400, NanoBananaErrorCodes.InvalidRequest, Rejected, (m, s, c, t, r, e) => new NanoBananaInvalidRequestException(m, s, c, t, r, e)),
        new(401, NanoBananaErrorCodes.InvalidApiKey, Rejected, (m, s, c, t, r, e) => new NanoBananaAuthenticationException(m, s, c, t, r, e)),
        new(402, NanoBananaErrorCodes.InsufficientCredits, Rejected, (m, s, c, t, r, e) => new NanoBananaInsufficientCreditsException(m, s, c, t, r, e)),
        new(403, NanoBananaErrorCodes.IpNotAllowed, Rejected, (m, s, c, t, r, e) => new NanoBananaPermissionException(m, s, c, t, r, e)),
        new(404, NanoBananaErrorCodes.ModelNotFound, Rejected, (m, s, c, t, r, e) => new NanoBananaNotFoundException(m, s, c, t, r, e)),
        new(404, NanoBananaErrorCodes.TaskNotFound, Rejected, (m, s, c, t, r, e) => new NanoBananaNotFoundException(m, s, c, t, r, e)),
        new(429, NanoBananaErrorCodes.RateLimitExceeded, RateLimited, (m, s, c, t, r, e) => new NanoBananaRateLimitException(m, s, c, t, r, e)),
        new(429, NanoBananaErrorCodes.SpendLimitExceeded, Rejected, (m, s, c, t, r, e) => new NanoBananaSpendLimitException(m, s, c, t, r, e)),
        new(500, NanoBananaErrorCodes.InternalError, MayHaveRun, (m, s, c, t, r, e) => new NanoBananaServerException(m, s, c, t, r, e)),
        new(503, NanoBananaErrorCodes.UpstreamError, NotRunTransient, (m, s, c, t, r, e) => new NanoBananaUpstreamException(m, s, c, t, r, e)),
    ];

    /// <summary>The documented error with this status and code, if it is one.</summary>
    public static DocumentedErrorRule? Find(int status, string? code)
    {
        if (code is null) return null;
        foreach (var row in DocumentedErrors)
        {
            if (row.Status == status && string.Equals(row.Code, code, StringComparison.Ordinal)) return row;
        }

        return null;
    }

    /// <summary>How a failure with a response (or none: <paramref name="status"/> null) is treated.</summary>
    public static FailureClass Classify(int? status, string? code) => status switch
    {
        { } s when Find(s, code) is { } documented => documented.Class,
        null => Unusable, // no response, and no kind known: a create may have run
        >= 200 and < 300 => Unusable,
        408 => NotRunTransient,
        429 => NotRunTransient, // an undocumented code on a 429 (spend_limit_exceeded is documented, and final)
        500 or 502 or 503 or 504 => MayHaveRun,
        >= 500 => Unusable,
        _ => Rejected,
    };

    /// <summary>How a failure without a usable response is treated.</summary>
    public static FailureClass Classify(FailureKind kind) => kind switch
    {
        FailureKind.NotSent => NotSent,
        FailureKind.ConnectionLost or FailureKind.Timeout => MayHaveRun,
        _ => Rejected, // FailureKind.Final
    };

    /// <summary>The category of a failure with a response (or none: <paramref name="status"/> null), when its type does not name one.</summary>
    public static NanoBananaFailureCategory Categorize(int? status, string? code) => status switch
    {
        null or (>= 200 and < 300) => NanoBananaFailureCategory.InvalidResponse,
        401 => NanoBananaFailureCategory.Authentication,
        402 => NanoBananaFailureCategory.Billing,
        403 => NanoBananaFailureCategory.Permission,
        404 => NanoBananaFailureCategory.NotFound,
        429 when code == NanoBananaErrorCodes.SpendLimitExceeded => NanoBananaFailureCategory.Billing,
        429 => NanoBananaFailureCategory.RateLimited,
        503 when code == NanoBananaErrorCodes.UpstreamError => NanoBananaFailureCategory.Upstream,
        408 or >= 500 => NanoBananaFailureCategory.Server,
        >= 400 => NanoBananaFailureCategory.InvalidRequest,
        _ => NanoBananaFailureCategory.InvalidResponse, // 1xx, 3xx: not an answer the contract documents
    };

    /// <summary>An error that is over by nature (a failed task, an ended wait, a create already reported as unknown).</summary>
    public static FailureClass Final => Rejected;
}

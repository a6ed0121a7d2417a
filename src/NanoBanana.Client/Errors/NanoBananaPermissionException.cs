namespace NanoBanana.Client;

/// <summary>403 <c>ip_not_allowed</c>: the request's IP is not in the key's allowlist. Not transient.</summary>
public sealed class NanoBananaPermissionException : NanoBananaException
{
    /// <summary>Creates the error.</summary>
    /// <param name="message">What went wrong.</param>
    /// <param name="statusCode">The HTTP status.</param>
    /// <param name="errorCode">The API's <c>error.code</c>.</param>
    /// <param name="errorType">The API's <c>error.type</c>.</param>
    /// <param name="retryAfter">The response's <c>Retry-After</c>.</param>
    /// <param name="responseExcerpt">The start of the response body.</param>
    /// <param name="innerException">The cause.</param>
    public NanoBananaPermissionException(string message, int? statusCode, string? errorCode, string? errorType, TimeSpan? retryAfter = null,
        string? responseExcerpt = null, Exception? innerException = null)
        : base(message, statusCode, errorCode, errorType, retryAfter, responseExcerpt, innerException)
    {
        // By type, as a mapped response of this type would be (FailureClassifier.DocumentedErrors).
        Class = FailureClassifier.Rejected;
        Category = NanoBananaFailureCategory.Permission;
    }
}

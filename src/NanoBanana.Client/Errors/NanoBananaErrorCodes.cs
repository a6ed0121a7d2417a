namespace NanoBanana.Client;

/// <summary>The error codes the API documents (<c>error.code</c>). Others may appear and must be tolerated.</summary>
public static class NanoBananaErrorCodes
{
    /// <summary>400: missing or invalid parameters.</summary>
    public const string InvalidRequest = "invalid_request";

    /// <summary>401: the API key is invalid, disabled or deleted.</summary>
    public const string InvalidApiKey = "invalid_api_key";

    /// <summary>402: the credit balance is too low.</summary>
    public const string InsufficientCredits = "insufficient_credits";

    /// <summary>403: the request's IP is not in the key's allowlist.</summary>
    public const string IpNotAllowed = "ip_not_allowed";

    /// <summary>404: the model does not exist or is inactive.</summary>
    public const string ModelNotFound = "model_not_found";

    /// <summary>404: the task id does not exist.</summary>
    public const string TaskNotFound = "task_not_found";

    /// <summary>429: too many requests; transient.</summary>
    public const string RateLimitExceeded = "rate_limit_exceeded";

    /// <summary>429: the key's spend limit is reached; not transient.</summary>
    public const string SpendLimitExceeded = "spend_limit_exceeded";

    /// <summary>500: unexpected server error.</summary>
    public const string InternalError = "internal_error";

    /// <summary>503: the upstream AI provider returned an error.</summary>
    public const string UpstreamError = "upstream_error";
}

namespace NanoBanana.Client;

/// <summary>
/// A create whose outcome is unknown: it timed out, the connection dropped mid-request, the server answered
/// 500, or the answer could not be read. The task <b>may exist and may be billed</b>. The client never retries
/// such a create (the API has no idempotency key, and a second create is a second bill); check your tasks or
/// credits before creating again. <see cref="Exception.InnerException"/> holds the cause.
/// </summary>
public sealed class NanoBananaCreateOutcomeUnknownException : NanoBananaException
{
    /// <summary>Creates the error from its cause.</summary>
    /// <param name="cause">What happened to the create.</param>
    public NanoBananaCreateOutcomeUnknownException(Exception cause)
        : base(
            "The create request's outcome is unknown (" + (cause ?? throw new ArgumentNullException(nameof(cause))).Message.TrimEnd('.') +
            "). The task may exist and may be billed; it was not retried, because a repeated create makes and bills a second task.",
            (cause as NanoBananaException)?.StatusCode, (cause as NanoBananaException)?.ErrorCode, (cause as NanoBananaException)?.ErrorType,
            (cause as NanoBananaException)?.RetryAfter, (cause as NanoBananaException)?.ResponseExcerpt, cause)
    {
        Class = FailureClassifier.Final;
        if (cause is NanoBananaException known) Headers = known.Headers;
        Category = NanoBananaFailureCategory.CreateOutcomeUnknown;
    }
}

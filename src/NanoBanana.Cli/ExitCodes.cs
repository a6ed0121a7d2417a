namespace NanoBanana.Cli;

/// <summary>The process exit codes of <c>nanobanana</c> (documented in the README; scripts rely on them).</summary>
internal static class ExitCodes
{
    /// <summary>The command did what it was asked.</summary>
    public const int Success = 0;

    /// <summary>Anything not listed below: an API error without its own code, a network error, cancellation.</summary>
    public const int Error = 1;

    /// <summary>Invalid arguments or a validation error; nothing was sent.</summary>
    public const int InvalidArguments = 2;

    /// <summary>Authentication or permission (HTTP 401, 403).</summary>
    public const int Authentication = 3;

    /// <summary>Billing: 402 insufficient_credits or 429 spend_limit_exceeded.</summary>
    public const int Billing = 4;

    /// <summary>Rate limited (429 rate_limit_exceeded) after the client's retries.</summary>
    public const int RateLimited = 5;

    /// <summary>The task ran and failed.</summary>
    public const int TaskFailed = 6;

    /// <summary>Waiting for the task timed out (the task may still complete: <c>nanobanana task wait</c> resumes).</summary>
    public const int TimedOut = 7;

    /// <summary>The create request was sent but its outcome is unknown; it was not retried (a duplicate costs credits).</summary>
    public const int CreateOutcomeUnknown = 8;
}

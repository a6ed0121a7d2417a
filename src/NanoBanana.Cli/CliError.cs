namespace NanoBanana.Cli;

/// <summary>
/// A failure as the CLI reports it: the exit code, the one-line message, and the <c>--json</c> error object
/// (<c>code</c>, <c>type</c>, <c>status</c>).
/// </summary>
/// <param name="ExitCode">The process exit code (<see cref="ExitCodes"/>).</param>
/// <param name="Code">The API's error code (<c>api_error</c> when it sent none), or one of the CLI's own:
/// <c>validation_error</c>, <c>timeout</c>, <c>task_failed</c>, <c>outcome_unknown</c>, <c>network_error</c>,
/// <c>io_error</c>, <c>cancelled</c>, <c>error</c>.</param>
/// <param name="Message">One clear line, never holding the API key.</param>
/// <param name="Type">The API's error type, or the CLI's category for its own codes.</param>
/// <param name="Status">The HTTP status, when there was a response.</param>
internal sealed record CliError(int ExitCode, string Code, string Message, string Type, int? Status = null)
{
    /// <summary>More lines for <c>--verbose</c> (never a stack trace for API or network errors).</summary>
    public IReadOnlyList<string> Details { get; init; } = [];

    /// <summary>Invalid arguments or input: nothing was sent.</summary>
    public static CliError Validation(string message) =>
        new(ExitCodes.InvalidArguments, "validation_error", message, "invalid_request_error");
}

using System.Globalization;
using NanoBanana.Batch;
using NanoBanana.Client;

namespace NanoBanana.Cli;

/// <summary>
/// Maps every exception a command can meet to its <see cref="CliError"/>: exit code, code, type, status.
/// The table (README "Exit codes"): 2 validation, 3 authentication/permission, 4 billing, 5 rate limited,
/// 6 task failed, 7 timed out, 8 create outcome unknown, 1 anything else.
/// </summary>
internal static class ErrorMapper
{
    /// <summary>The CLI's view of <paramref name="exception"/>.</summary>
    public static CliError Map(Exception exception, CancellationToken cancellationToken)
    {
        switch (exception)
        {
            case CliErrorException e:
                return e.Error;
            case OperationCanceledException when cancellationToken.IsCancellationRequested:
                return new CliError(ExitCodes.Error, "cancelled", "cancelled", "cancelled");
            case ArgumentException e: // the client's GenerationRequestValidationException is one (generate rewords it for its options first)
                return CliError.Validation(WithoutParameterSuffix(e));
            case NanoBananaTaskFailedException e:
                return new CliError(ExitCodes.TaskFailed, "task_failed",
                    $"task {e.TaskId} failed: {e.Task.Error?.Code ?? "(no code)"}: {OneLine(e.Task.Error?.Message ?? "(no message)")}", "task_error")
                {
                    // The docs promise a refund for upstream failures only (the contract's refund scope).
                    Details = [e.Task.Error?.Code == "upstream_error"
                        ? "it failed upstream (upstream_error): the docs say its credits are refunded automatically"
                        : "the docs promise a refund only for an upstream failure (upstream_error); check the balance with: nanobanana credits"],
                };
            case NanoBananaWaitTimeoutException e:
                return new CliError(ExitCodes.TimedOut, "timeout",
                    $"task {e.TaskId} did not finish within {Duration.Format(e.Timeout)}; it may still complete; resume with: nanobanana task wait {e.TaskId}", "timeout_error");
            case NanoBananaCreateOutcomeUnknownException e:
                return Api(e, ExitCodes.CreateOutcomeUnknown, "outcome_unknown", "network_error");
            case NanoBananaAuthenticationException or NanoBananaPermissionException:
                return Api((NanoBananaException)exception, ExitCodes.Authentication);
            case NanoBananaInsufficientCreditsException or NanoBananaSpendLimitException:
                return Api((NanoBananaException)exception, ExitCodes.Billing);
            case NanoBananaRateLimitException e:
                return Api(e, ExitCodes.RateLimited);
            case NanoBananaNetworkException e:
                return Api(e, ExitCodes.Error, "network_error", "network_error");
            case NanoBananaException e:
                return Api(e, ExitCodes.Error, e.ErrorCode ?? (e.StatusCode is null ? "network_error" : "api_error"), e.ErrorType ?? (e.StatusCode is null ? "network_error" : "api_error"));
            case HttpRequestException e:
                return new CliError(ExitCodes.Error, "network_error", "network error: " + WithCause(e), "network_error", (int?)e.StatusCode) { Details = Chain(e) };
            case BatchOutputFolderException e: // another batch's output folder: nothing was sent
                return CliError.Validation(OneLine(e.Message));
            case BatchLedgerException e: // another batch's ledger (no inner cause) is the user's input; an unwritable one is not
                return new CliError(e.InnerException is null ? ExitCodes.InvalidArguments : ExitCodes.Error, "ledger_error", OneLine(e.Message), "ledger_error");
            case IOException or UnauthorizedAccessException:
                return new CliError(ExitCodes.Error, "io_error", OneLine(exception.Message), "io_error") { Details = Chain(exception) };
            default:
                return new CliError(ExitCodes.Error, "error", $"unexpected error: {OneLine(exception.Message)} (run with --verbose for details)", "cli_error");
        }
    }

    /// <summary>Whether the exception is a bug rather than an API, network or input error (only then does --verbose print a stack trace).</summary>
    public static bool IsUnexpected(Exception exception) =>
        exception is not (CliErrorException or OperationCanceledException or NanoBananaException or BatchLedgerException or BatchOutputFolderException or ArgumentException or HttpRequestException or IOException or UnauthorizedAccessException);

    /// <summary>The message on one line, its durations written for people (<c>500 ms</c>, not <c>00:00:00.5000000</c>).</summary>
    public static string OneLine(string text) =>
        Duration.Humanize(string.Join(' ', text.Split(['\r', '\n'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)));

    /// <summary>
    /// The deepest cause of <paramref name="exception"/> worth reading, on one line: a wrapper's "see inner exception"
    /// or "One or more errors occurred" gives way to what it wraps (a socket's "Address already in use").
    /// </summary>
    public static string RootCause(Exception exception)
    {
        var e = exception;
        while (true)
        {
            var inner = e is AggregateException { InnerExceptions.Count: 1 } aggregate ? aggregate.InnerExceptions[0] : e.InnerException;
            if (inner is null) break;
            e = inner;
        }

        return OneLine(e.Message).TrimEnd('.');
    }

    /// <summary>
    /// A network failure's message with its real cause: a TLS handshake's reason, or what a "see inner exception"
    /// stands for, on the same line (the chain itself stays for --verbose).
    /// </summary>
    private static string WithCause(Exception e)
    {
        var message = OneLine(e.Message);
        for (var inner = e.InnerException; inner is not null; inner = inner.InnerException)
        {
            if (inner is System.Security.Authentication.AuthenticationException tls)
            {
                var reason = tls.InnerException is { } deeper ? $"{OneLine(tls.Message).TrimEnd('.')} ({RootCause(deeper)})" : OneLine(tls.Message).TrimEnd('.');
                var cut = message.IndexOf("The SSL connection could not be established", StringComparison.Ordinal);
                return (cut > 0 ? message[..cut].TrimEnd() + " " : string.Empty) + "the TLS handshake failed: " + reason;
            }
        }

        const string SeeInner = "see inner exception";
        var at = message.IndexOf(SeeInner, StringComparison.OrdinalIgnoreCase);
        return at >= 0 && e.InnerException is { } cause
            ? message[..at].TrimEnd(' ', ',', ';', '.') + ": " + RootCause(cause)
            : message;
    }

    /// <summary>The exception's type and message, then its inner exceptions', one line each (no stack trace).</summary>
    public static IReadOnlyList<string> Chain(Exception exception)
    {
        var lines = new List<string>();
        for (var e = exception; e is not null; e = e.InnerException)
        {
            lines.Add($"{e.GetType().Name}: {OneLine(e.Message)}");
        }

        return lines;
    }

    private static CliError Api(NanoBananaException e, int exitCode, string? code = null, string? type = null)
    {
        var details = new List<string>();
        if (e.StatusCode is { } status) details.Add($"HTTP status: {status.ToString(CultureInfo.InvariantCulture)}");
        if (e.ErrorCode is { } errorCode) details.Add($"error code: {errorCode}");
        if (e.ErrorType is { } errorType) details.Add($"error type: {errorType}");
        if (e.RetryAfter is { } retryAfter) details.Add($"retry after: {Duration.Format(retryAfter)}");
        if (e.ResponseExcerpt is { } excerpt) details.Add($"response: {OneLine(excerpt)}");
        details.AddRange(Chain(e));
        return new CliError(exitCode, code ?? e.ErrorCode ?? "api_error", WithCause(e), type ?? e.ErrorType ?? "api_error", e.StatusCode) { Details = details };
    }

    private static string WithoutParameterSuffix(ArgumentException e)
    {
        var message = e.Message;
        if (e.ParamName is { } name)
        {
            var suffix = $" (Parameter '{name}')";
            if (message.EndsWith(suffix, StringComparison.Ordinal)) message = message[..^suffix.Length];
        }

        return OneLine(message);
    }
}

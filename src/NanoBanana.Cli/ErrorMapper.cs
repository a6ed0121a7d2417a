namespace NanoBanana.Cli;

/// <summary>Maps every exception a command can meet to its <see cref="CliError"/>: exit code, code, type, status.</summary>
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
            case HttpRequestException e:
                return new CliError(ExitCodes.Error, "network_error", "network error: " + OneLine(e.Message), "network_error", (int?)e.StatusCode)
                {
                    Details = Chain(e),
                };
            case IOException e:
                return new CliError(ExitCodes.Error, "io_error", OneLine(e.Message), "io_error") { Details = Chain(e) };
            case UnauthorizedAccessException e:
                return new CliError(ExitCodes.Error, "io_error", OneLine(e.Message), "io_error") { Details = Chain(e) };
            default:
                return new CliError(ExitCodes.Error, "error", $"unexpected error: {OneLine(exception.Message)} (run with --verbose for details)", "cli_error");
        }
    }

    /// <summary>Whether the exception is a bug rather than an API, network or input error (only then does --verbose print a stack trace).</summary>
    public static bool IsUnexpected(Exception exception) => exception is not (CliErrorException or OperationCanceledException or HttpRequestException or IOException or UnauthorizedAccessException);

    /// <summary>The message on one line.</summary>
    public static string OneLine(string text) => string.Join(' ', text.Split(['\r', '\n'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));

    /// <summary>The exception's type and message, then its inner exceptions', one line each.</summary>
    public static IReadOnlyList<string> Chain(Exception exception)
    {
        var lines = new List<string>();
        for (var e = exception; e is not null; e = e.InnerException)
        {
            lines.Add($"{e.GetType().Name}: {OneLine(e.Message)}");
        }

        return lines;
    }
}

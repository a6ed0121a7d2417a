namespace NanoBanana.Cli;

/// <summary>
/// Runs one command: resolves where to connect, calls the client, prints the result, and turns every
/// failure into one line on stderr (plus the <c>--json</c> error object) and an exit code.
/// </summary>
internal sealed partial class CommandRunner(CliHost host, GlobalInput globals, bool json)
{
    private readonly Redactor _redactor = new(host, globals.ApiKey);

    /// <summary><c>generate</c>.</summary>
    public Task<int> GenerateAsync(GenerateInput input, CancellationToken cancellationToken) =>
        RunAsync(ct => NotYetAsync(ct), cancellationToken);

    /// <summary><c>task get</c>.</summary>
    public Task<int> TaskGetAsync(TaskGetInput input, CancellationToken cancellationToken) =>
        RunAsync(ct => NotYetAsync(ct), cancellationToken);

    /// <summary><c>task wait</c>.</summary>
    public Task<int> TaskWaitAsync(TaskWaitInput input, CancellationToken cancellationToken) =>
        RunAsync(ct => NotYetAsync(ct), cancellationToken);

    /// <summary><c>credits</c>.</summary>
    public Task<int> CreditsAsync(CreditsInput input, CancellationToken cancellationToken) =>
        RunAsync(ct => NotYetAsync(ct), cancellationToken);

    /// <summary><c>mock</c>: the simulator as a standalone server until SIGINT or SIGTERM.</summary>
    public Task<int> MockAsync(MockInput input, CancellationToken cancellationToken) =>
        RunAsync(ct => MockCommand.RunAsync(host, input, ct), cancellationToken);

    private static Task<int> NotYetAsync(CancellationToken cancellationToken) =>
        throw new CliErrorException(new CliError(ExitCodes.Error, "error", "not implemented yet", "cli_error"));

    private async Task<int> RunAsync(Func<CancellationToken, Task<int>> body, CancellationToken cancellationToken)
    {
        try
        {
            return await body(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception exception)
        {
            var error = ErrorMapper.Map(exception, cancellationToken);
            Report(error, exception);
            return error.ExitCode;
        }
    }

    /// <summary>One line on stderr (more with --verbose), and the JSON error object on stdout under --json.</summary>
    private void Report(CliError error, Exception exception)
    {
        var message = _redactor.Redact(error.Message);
        if (json)
        {
            JsonOutput.Write(host.Stdout, JsonOutput.Error(error with { Message = message }));
        }

        host.Stderr.WriteLine($"error: {message}");
        if (globals.Verbose)
        {
            foreach (var line in error.Details) host.Stderr.WriteLine("  " + _redactor.Redact(line));
            if (ErrorMapper.IsUnexpected(exception)) host.Stderr.WriteLine(_redactor.Redact(exception.ToString()));
        }

        host.Stderr.Flush();
    }

    /// <summary>A note on stderr, shown only with --verbose.</summary>
    private void Verbose(string line)
    {
        if (!globals.Verbose) return;
        host.Stderr.WriteLine(_redactor.Redact(line));
        host.Stderr.Flush();
    }
}

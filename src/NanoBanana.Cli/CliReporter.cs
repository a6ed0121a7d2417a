namespace NanoBanana.Cli;

/// <summary>
/// What a command says besides its result: notes on stderr (some only with <c>--verbose</c>), and a failure as one
/// error line on stderr plus the <c>--json</c> error object on stdout, mapped to its exit code. Every line goes through
/// <see cref="TerminalText"/> (redacted, control characters escaped).
/// </summary>
internal sealed class CliReporter(CliHost host, GlobalInput globals, bool json)
{
    /// <summary>The invocation's way to print untrusted text.</summary>
    public TerminalText Text { get; } = TerminalText.For(host, globals);

    /// <summary>Runs a command's body; a failure is reported and becomes its exit code.</summary>
    /// <param name="body">The command.</param>
    /// <param name="cancellationToken">The command's cancellation (Ctrl+C).</param>
    /// <param name="afterError">A further note for a failure, given its (redacted) message; null for none.</param>
    public async Task<int> RunAsync(Func<CancellationToken, Task<int>> body, CancellationToken cancellationToken, Func<string, string?>? afterError = null)
    {
        try
        {
            return await body(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception exception)
        {
            var error = ErrorMapper.Map(exception, cancellationToken);
            var message = Text.Safe(error.Message);
            if (json) JsonOutput.Write(host.Stdout, JsonOutput.Error(error with { Message = message }), Text);
            host.Stderr.WriteLine($"error: {message}");
            if (globals.Verbose)
            {
                foreach (var line in error.Details) host.Stderr.WriteLine("  " + Text.Safe(line));
                if (ErrorMapper.IsUnexpected(exception))
                {
                    foreach (var line in exception.ToString().Split('\n')) host.Stderr.WriteLine(Text.Safe(line.TrimEnd('\r')));
                }
            }

            if (afterError?.Invoke(message) is { } note) host.Stderr.WriteLine(Text.Safe(note));
            host.Stderr.Flush();
            return error.ExitCode;
        }
    }

    /// <summary>A one-line note on stderr.</summary>
    public void Note(string line)
    {
        host.Stderr.WriteLine(Text.Safe(line));
        host.Stderr.Flush();
    }

    /// <summary>A note on stderr, shown only with --verbose.</summary>
    public void Verbose(string line)
    {
        if (globals.Verbose) Note(line);
    }
}

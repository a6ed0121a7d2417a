using System.CommandLine;

namespace NanoBanana.Cli;

/// <summary>
/// The <c>nanobanana</c> command line: the command tree, parsing, and the mapping of every outcome to an
/// exit code. <see cref="RunAsync(string[], TextWriter, TextWriter, Func{string, string?}, CancellationToken)"/>
/// is the whole program; <c>Program</c> only hands it the process's streams, environment and signals.
/// </summary>
public static class CliApp
{
    /// <summary>Runs the command line <paramref name="args"/> and returns the exit code.</summary>
    /// <param name="args">The arguments, without the program name.</param>
    /// <param name="stdout">Results (paths, ids, JSON).</param>
    /// <param name="stderr">Progress, notes and errors.</param>
    /// <param name="getEnvironmentVariable">Reads an environment variable (null when unset).</param>
    /// <param name="cancellationToken">Stops the command (SIGINT, SIGTERM).</param>
    public static Task<int> RunAsync(
        string[] args,
        TextWriter stdout,
        TextWriter stderr,
        Func<string, string?> getEnvironmentVariable,
        CancellationToken cancellationToken = default) =>
        RunAsync(args, new CliHost(stdout, stderr, getEnvironmentVariable), cancellationToken);

    /// <summary>Runs the command line against a prepared host.</summary>
    internal static async Task<int> RunAsync(string[] args, CliHost host, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(host);
        var tree = new CommandTree(host);
        // No response files: an argument starting with @ is a prompt or a file name, never a list of more arguments.
        var parseResult = tree.Root.Parse(args, new ParserConfiguration { ResponseFileTokenReplacer = null });
        var messages = parseResult.Errors.Count > 0 ? ParseErrorReport.Messages(parseResult, tree.ConnectionOptions) : ParseErrorReport.MisplacedOptions(parseResult, tree.ConnectionOptions);
        if (messages.Count > 0)
        {
            var commandPath = ParseErrorReport.CommandPath(parseResult.CommandResult);
            // The key file is not read for a line that does not parse; the environment's key and a refused --api-key are masked.
            var text = new TerminalText(new NanoBanana.Client.NanoBananaRedactor([parseResult.GetValue(tree.ApiKey), host.GetEnvironmentVariable(CliSymbols.ApiKeyVariable)]));
            if (WantsJson(args))
            {
                JsonOutput.Write(host.Stdout, JsonOutput.Error(CliError.Validation(text.Safe(string.Join("; ", messages)))), text);
            }

            for (var i = 0; i < messages.Count; i++)
            {
                var hint = i == messages.Count - 1 ? $" (see '{commandPath} --help')" : string.Empty;
                await host.Stderr.WriteLineAsync(text.Safe($"error: {messages[i]}{hint}")).ConfigureAwait(false);
            }

            await host.Stderr.FlushAsync(cancellationToken).ConfigureAwait(false);
            return ExitCodes.InvalidArguments;
        }

        if (parseResult.Action is System.CommandLine.Help.HelpAction)
        {
            var help = new StringWriter();
            var helpConfiguration = new InvocationConfiguration { Output = help, Error = host.Stderr, EnableDefaultExceptionHandler = false };
            var code = await parseResult.InvokeAsync(helpConfiguration, cancellationToken).ConfigureAwait(false);
            await host.Stdout.WriteAsync(HelpLayout.Fix(help.ToString(), parseResult.CommandResult.Command)).ConfigureAwait(false);
            await host.Stdout.FlushAsync(cancellationToken).ConfigureAwait(false);
            return code;
        }

        var configuration = new InvocationConfiguration
        {
            Output = host.Stdout,
            Error = host.Stderr,
            EnableDefaultExceptionHandler = false,
            ProcessTerminationTimeout = null,
        };
        return await parseResult.InvokeAsync(configuration, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Whether <c>--json</c> was given (read from the raw arguments, since parsing failed).</summary>
    private static bool WantsJson(string[] args) =>
        args.TakeWhile(a => a != "--").Any(a => a is "--json" || a.StartsWith("--json=", StringComparison.Ordinal));
}

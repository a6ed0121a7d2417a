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
        var parseResult = tree.Root.Parse(args);
        if (parseResult.Errors.Count > 0)
        {
            var message = string.Join("; ", parseResult.Errors.Select(e => e.Message).Distinct());
            var commandPath = string.Join(' ', parseResult.CommandResult.Command.Name == tree.Root.Name
                ? ["nanobanana"]
                : new[] { "nanobanana" }.Concat(CommandPath(parseResult.CommandResult)));
            var error = CliError.Validation(message);
            // The key file is not read for a line that does not parse; the environment's key and a refused --api-key are masked.
            var text = new TerminalText(new NanoBanana.Client.NanoBananaRedactor([parseResult.GetValue(tree.ApiKey), host.GetEnvironmentVariable(CliSymbols.ApiKeyVariable)]));
            if (WantsJson(args))
            {
                JsonOutput.Write(host.Stdout, JsonOutput.Error(error with { Message = text.Safe(error.Message) }), text);
            }

            await host.Stderr.WriteLineAsync(text.Safe($"error: {message} (see '{commandPath} --help')")).ConfigureAwait(false);
            await host.Stderr.FlushAsync(cancellationToken).ConfigureAwait(false);
            return ExitCodes.InvalidArguments;
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

    private static IEnumerable<string> CommandPath(System.CommandLine.Parsing.CommandResult result)
    {
        var names = new Stack<string>();
        for (var current = result; current?.Parent is not null; current = current.Parent as System.CommandLine.Parsing.CommandResult)
        {
            names.Push(current.Command.Name);
        }

        return names;
    }
}

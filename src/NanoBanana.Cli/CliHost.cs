namespace NanoBanana.Cli;

/// <summary>
/// Everything the CLI takes from its surroundings: output streams, environment variables, the terminal,
/// the clock and the current folder. <c>Program</c> builds it from the process; tests build their own.
/// </summary>
internal sealed class CliHost
{
    /// <summary>Creates a host over the given streams and environment lookup.</summary>
    public CliHost(TextWriter stdout, TextWriter stderr, Func<string, string?> getEnvironmentVariable)
    {
        Stdout = stdout ?? throw new ArgumentNullException(nameof(stdout));
        Stderr = stderr ?? throw new ArgumentNullException(nameof(stderr));
        GetEnvironmentVariable = getEnvironmentVariable ?? throw new ArgumentNullException(nameof(getEnvironmentVariable));
    }

    /// <summary>Results: saved paths, task ids, JSON.</summary>
    public TextWriter Stdout { get; }

    /// <summary>Progress, notes and errors.</summary>
    public TextWriter Stderr { get; }

    /// <summary>Reads an environment variable (null when unset).</summary>
    public Func<string, string?> GetEnvironmentVariable { get; }

    /// <summary>Standard input: a prompt given as <c>-</c> is read from it, or the key with <c>--api-key-file -</c> (its first line).</summary>
    public TextReader Stdin { get; init; } = TextReader.Null;

    /// <summary>Whether stdin is an interactive terminal (then a prompt read from it is announced first).</summary>
    public bool StdinIsTerminal { get; init; }

    /// <summary>Whether stdout is an interactive terminal (then saved paths are labelled for a person, not bare for a script).</summary>
    public bool StdoutIsTerminal { get; init; }

    /// <summary>Whether stderr is an interactive terminal (then progress is drawn with Spectre.Console).</summary>
    public bool StderrIsTerminal { get; init; }

    /// <summary>The clock for the client's polling, retries and timeouts.</summary>
    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;

    /// <summary>The folder <c>--out</c> defaults to.</summary>
    public string CurrentDirectory { get; init; } = Directory.GetCurrentDirectory();

    /// <summary>How long a task takes on the embedded simulator (null: the simulator's default).</summary>
    public TimeSpan? EmbeddedSimulatorTaskDuration { get; init; }

    /// <summary>Adjusts the client's options after the CLI set them (tests: longer request timeouts under a fake clock).</summary>
    public Action<NanoBanana.Client.NanoBananaClientOptions>? ConfigureClient { get; init; }

    /// <summary>Keys read from <c>--api-key-file</c> in this invocation, by file (stdin is read once).</summary>
    internal Dictionary<string, string> KeyFiles { get; } = new(StringComparer.Ordinal);

    /// <summary>The host of the running process.</summary>
    public static CliHost FromProcess() => new(Console.Out, Console.Error, Environment.GetEnvironmentVariable)
    {
        Stdin = Console.In,
        StdinIsTerminal = !Console.IsInputRedirected,
        StdoutIsTerminal = !Console.IsOutputRedirected,
        StderrIsTerminal = !Console.IsErrorRedirected,
    };
}

namespace NanoBanana.Cli;

/// <summary>
/// Where the CLI takes the API key from: <c>NANOBANANA_API_KEY</c>, or <c>--api-key-file FILE</c> (<c>-</c> reads
/// stdin). Never the command line: <c>--api-key KEY</c> is refused, since every user of the machine can read a
/// process's arguments (<c>ps</c>, <c>/proc/PID/cmdline</c>).
/// </summary>
internal static class ApiKeySources
{
    /// <summary>The refusal of <c>--api-key</c>, naming the alternatives.</summary>
    public const string Refusal =
        "--api-key: a key on the command line is visible to every user of this machine (the process list), so it is not accepted; " +
        "set " + CliSymbols.ApiKeyVariable + ", or pass --api-key-file FILE, or --api-key-file - to read it from stdin";

    /// <summary>The key to use, or null when none is given (then the embedded simulator may run).</summary>
    /// <exception cref="CliErrorException"><c>--api-key</c> was given, or the key file cannot be read or is empty.</exception>
    public static string? Resolve(CliHost host, GlobalInput globals)
    {
        if (globals.ApiKey is not null) throw new CliErrorException(CliError.Validation(Refusal));
        if (globals.ApiKeyFile is not null) return Read(host, globals.ApiKeyFile);
        var environment = host.GetEnvironmentVariable(CliSymbols.ApiKeyVariable);
        return string.IsNullOrWhiteSpace(environment) ? null : environment.Trim();
    }

    /// <summary>
    /// Refuses a second reader of stdin: <paramref name="what"/> (a prompt or a batch file given as <c>-</c>) and
    /// <c>--api-key-file -</c> cannot both take it, since neither could tell where the other's input ends.
    /// </summary>
    /// <exception cref="CliErrorException">The key is read from stdin too.</exception>
    public static void RefuseSharedStdin(GlobalInput globals, string what)
    {
        if (globals.ApiKeyFile == "-")
        {
            throw new CliErrorException(CliError.Validation(
                $"{what} and --api-key-file - both read stdin; give the key through {CliSymbols.ApiKeyVariable} or --api-key-file FILE"));
        }
    }

    /// <summary>Whether a key is given (without reading it twice).</summary>
    public static bool IsGiven(CliHost host, GlobalInput globals) =>
        globals.ApiKey is not null || globals.ApiKeyFile is not null || !string.IsNullOrWhiteSpace(host.GetEnvironmentVariable(CliSymbols.ApiKeyVariable));

    /// <summary>The key file's key when one is given and readable, else null (for the redactor; errors are reported by <see cref="Resolve"/>).</summary>
    public static string? ReadIfGiven(CliHost host, GlobalInput globals)
    {
        if (globals.ApiKeyFile is null) return null;
        try
        {
            return Read(host, globals.ApiKeyFile);
        }
        catch (CliErrorException)
        {
            return null;
        }
    }

    /// <summary>The first line of the file (or stdin), trimmed; read once per invocation.</summary>
    private static string Read(CliHost host, string file)
    {
        lock (host.KeyFiles)
        {
            if (host.KeyFiles.TryGetValue(file, out var known)) return known;
            string? text;
            try
            {
                text = file == "-" ? host.Stdin.ReadLine() : File.ReadLines(Path.GetFullPath(file, host.CurrentDirectory)).FirstOrDefault();
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                throw new CliErrorException(CliError.Validation($"--api-key-file: cannot read '{file}': {ErrorMapper.OneLine(e.Message)}"));
            }

            var key = text?.Trim();
            if (string.IsNullOrEmpty(key))
            {
                throw new CliErrorException(CliError.Validation($"--api-key-file: {(file == "-" ? "stdin" : $"'{file}'")} holds no key (the key is read from the first line)"));
            }

            host.KeyFiles[file] = key;
            return key;
        }
    }
}

using NanoBanana.Client;
using NanoBanana.Simulator;

namespace NanoBanana.Cli;

/// <summary>
/// Where a command sends its requests, decided from the key (<see cref="ApiKeySources"/>: <c>NANOBANANA_API_KEY</c> or
/// <c>--api-key-file</c>) and
/// <c>--base-url</c>/<c>NANOBANANA_BASE_URL</c>:
/// <list type="bullet">
/// <item>neither: an embedded simulator started for this command (said on stderr in one line);</item>
/// <item>a key: the real API (or the base URL, when one is given);</item>
/// <item>a base URL without a key: the simulator's key when the URL is a loopback address (a
/// <c>nanobanana mock</c> server), otherwise an error (exit 2, nothing sent).</item>
/// </list>
/// </summary>
internal sealed class Connection : IDisposable
{
    private Connection(NanoBananaClient client, NanoBananaSimulator? embedded, string? resumeArguments)
    {
        Client = client;
        Embedded = embedded;
        ResumeArguments = resumeArguments;
    }

    /// <summary>The client every command uses.</summary>
    public NanoBananaClient Client { get; }

    /// <summary>The embedded simulator, when no key and no base URL were given.</summary>
    public NanoBananaSimulator? Embedded { get; }

    /// <summary>Global arguments a later command needs to reach the same API (<c>--base-url</c> when given as an option).</summary>
    public string? ResumeArguments { get; }

    /// <summary>Opens the connection the global options and environment ask for.</summary>
    /// <param name="host">The streams, environment and clock.</param>
    /// <param name="globals">The global options.</param>
    /// <param name="note">Writes a one-line note on stderr.</param>
    /// <param name="verbose">Writes a line only under --verbose.</param>
    /// <param name="embeddedNote">The note that says the embedded simulator runs (null: the general one).</param>
    public static Connection Open(CliHost host, GlobalInput globals, Action<string> note, Action<string> verbose, string? embeddedNote = null)
    {
        var apiKey = ApiKeySources.Resolve(host, globals);
        var baseUrlText = FirstSet(globals.BaseUrl, host.GetEnvironmentVariable(CliSymbols.BaseUrlVariable));
        var options = new NanoBananaClientOptions();

        if (apiKey is null && baseUrlText is null)
        {
            var simulator = NanoBananaSimulator.Start(new SimulatorOptions
            {
                Host = "127.0.0.1",
                TaskDuration = host.EmbeddedSimulatorTaskDuration ?? SimulatorOptions.DefaultTaskDuration,
            });
            note(embeddedNote ?? $"note: no API key, so this runs on the embedded simulator (sample images, no credits spent); to call the real API set {CliSymbols.ApiKeyVariable} or pass --api-key-file.");
            verbose($"embedded simulator on {simulator.Url.AbsoluteUri}");
            options.ApiKey = NanoBananaSimulator.ApiKey;
            options.BaseUrl = simulator.Url;
            // The simulator's tasks take a known time: poll around it rather than around the real API's.
            options.Polling.ExpectedDuration = host.EmbeddedSimulatorTaskDuration is { } d && d > TimeSpan.Zero ? d : SimulatorOptions.DefaultTaskDuration;
            try
            {
                return new Connection(CreateClient(options, host), simulator, resumeArguments: null);
            }
            catch
            {
                simulator.Dispose();
                throw;
            }
        }

        if (baseUrlText is not null)
        {
            if (!Uri.TryCreate(baseUrlText, UriKind.Absolute, out var baseUrl) || (baseUrl.Scheme != Uri.UriSchemeHttp && baseUrl.Scheme != Uri.UriSchemeHttps))
            {
                throw new CliErrorException(CliError.Validation($"--base-url: '{baseUrlText}' is not an absolute http or https URL"));
            }

            if (baseUrl.Scheme == Uri.UriSchemeHttp && !baseUrl.IsLoopback)
            {
                throw new CliErrorException(CliError.Validation($"--base-url: '{baseUrlText}' must use https (http only on a loopback address such as a `nanobanana mock` server)"));
            }

            if (apiKey is null)
            {
                if (!baseUrl.IsLoopback)
                {
                    throw new CliErrorException(CliError.Validation($"an API key is required for {baseUrl.GetLeftPart(UriPartial.Authority)}: set {CliSymbols.ApiKeyVariable} or pass --api-key-file"));
                }

                // A loopback base URL without a key is a local simulator (`nanobanana mock`): use its key.
                apiKey = NanoBananaSimulator.ApiKey;
                verbose($"no API key for the loopback base URL {baseUrl.AbsoluteUri}: using the simulator's key");
            }

            options.BaseUrl = baseUrl;
        }

        // Here a key is known: given, or the simulator's for a loopback base URL.
        options.ApiKey = apiKey!;
        if (apiKey!.Any(c => char.IsControl(c) || char.IsWhiteSpace(c)))
        {
            throw new CliErrorException(CliError.Validation("the API key must not contain spaces or control characters"));
        }

        verbose($"API: {options.BaseUrl.AbsoluteUri}");
        var resume = globals.BaseUrl is not null ? $"--base-url {options.BaseUrl.AbsoluteUri}" : null;
        return new Connection(CreateClient(options, host), embedded: null, resume);
    }

    /// <summary>Whether <see cref="Open"/> would start an embedded simulator (no key and no base URL, given or in the environment).</summary>
    public static bool WouldBeEmbedded(CliHost host, GlobalInput globals) =>
        FirstSet(globals.ApiKey, host.GetEnvironmentVariable(CliSymbols.ApiKeyVariable)) is null &&
        FirstSet(globals.BaseUrl, host.GetEnvironmentVariable(CliSymbols.BaseUrlVariable)) is null;

    /// <inheritdoc />
    public void Dispose()
    {
        Client.Dispose();
        Embedded?.Dispose();
    }

    private static NanoBananaClient CreateClient(NanoBananaClientOptions options, CliHost host)
    {
        host.ConfigureClient?.Invoke(options);
        try
        {
            return new NanoBananaClient(options, httpClient: null, downloadHttpClient: null, loggerFactory: null, timeProvider: host.TimeProvider);
        }
        catch (ArgumentException e)
        {
            throw new CliErrorException(CliError.Validation(ErrorMapper.OneLine(e.Message)));
        }
    }

    private static string? FirstSet(string? option, string? environment) =>
        !string.IsNullOrWhiteSpace(option) ? option.Trim() : !string.IsNullOrWhiteSpace(environment) ? environment.Trim() : null;
}

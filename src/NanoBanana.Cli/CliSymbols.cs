using System.CommandLine;
using System.CommandLine.Parsing;
using NanoBanana.Client;

namespace NanoBanana.Cli;

/// <summary>The options and arguments of the command line, in one place (names are the CLI's public interface).</summary>
internal static class CliSymbols
{
    /// <summary>Environment variable read when <c>--base-url</c> is absent.</summary>
    public const string BaseUrlVariable = "NANOBANANA_BASE_URL";

    /// <summary>Environment variable read when <c>--api-key-file</c> is absent.</summary>
    public const string ApiKeyVariable = "NANOBANANA_API_KEY";

    /// <summary>
    /// <c>--base-url URL</c>: on the root (before the command) and on every command that calls the API (after it);
    /// not on <c>mock</c> or <c>batch status</c>, where it would do nothing.
    /// </summary>
    public static Option<string?> BaseUrl() => new("--base-url")
    {
        Description = $"The API's base URL [env: {BaseUrlVariable}]. Without it and without a key, an embedded simulator runs for this command only.",
        HelpName = "URL",
    };

    /// <summary>
    /// <c>--api-key KEY</c>: where <c>--base-url</c> is, hidden, and refused when given (a key in argv shows in the
    /// process list): the refusal names the alternatives.
    /// </summary>
    public static Option<string?> ApiKey() => new("--api-key")
    {
        Description = $"Refused: use {ApiKeyVariable} or --api-key-file (a key on the command line shows in the process list).",
        HelpName = "KEY",
        Hidden = true,
    };

    /// <summary><c>--api-key-file FILE</c>: where <c>--base-url</c> is; the key from a file's first line, or stdin with <c>-</c>.</summary>
    public static Option<string?> ApiKeyFile() => new("--api-key-file")
    {
        Description = $"Read the API key from FILE's first line ('-': from stdin) [env: {ApiKeyVariable}]. Never printed.",
        HelpName = "FILE",
    };

    /// <summary><c>-v, --verbose</c>: global; more detail on stderr.</summary>
    public static Option<bool> Verbose() => new("--verbose", "-v")
    {
        Description = "Print more detail on stderr (each step, and an error's HTTP status, codes and causes).",
        Recursive = true,
    };

    /// <summary><c>--allow-remote</c> of <c>mock</c>.</summary>
    public static Option<bool> AllowRemote() => new("--allow-remote")
    {
        Description = "Let --host name a non-loopback address (the simulator accepts any key and posts callbacks anywhere: only on a network you trust).",
    };

    /// <summary><c>--json</c>: one JSON object on stdout, described for what the command prints.</summary>
    /// <param name="what">What the object is on success, such as <c>the task as the API returns it</c>.</param>
    public static Option<bool> Json(string what) => new("--json")
    {
        Description = $"Print exactly one JSON object on stdout: {what}, or {{\"error\": {{...}}}} on failure.",
    };

    /// <summary><c>-o, --out DIR</c>: where outputs are saved (default: the current folder).</summary>
    public static Option<string?> Out() => new("--out", "-o")
    {
        Description = "Folder to save the outputs in (created if missing). Default: the current folder.",
        HelpName = "DIR",
    };

    /// <summary><c>-t, --timeout DURATION</c>: <c>90s</c>, <c>5m</c>, <c>1h30m</c>.</summary>
    public static Option<TimeSpan?> Timeout() => new("--timeout", "-t")
    {
        Description = "Longest time to wait for the task, such as 90s, 5m or 1h30m. Default: 10m.",
        HelpName = "DURATION",
        CustomParser = ParseDuration,
    };

    /// <summary><c>PROMPT</c> of <c>generate</c>: optional, since <c>--prompt-file</c> may give it instead.</summary>
    public static Argument<string?> Prompt() => new("PROMPT")
    {
        Description = "What the image should show; - reads it from stdin.",
        Arity = ArgumentArity.ZeroOrOne,
    };

    /// <summary><c>-f, --prompt-file PATH</c>: the prompt from a UTF-8 text file.</summary>
    public static Option<string?> PromptFile() => new("--prompt-file", "-f")
    {
        Description = "Read the prompt from this UTF-8 text file (its final line break dropped) instead of PROMPT.",
        HelpName = "PATH",
    };

    /// <summary><c>-a, --aspect-ratio R</c>: one of the contract's ratios.</summary>
    public static Option<AspectRatio?> AspectRatio()
    {
        var option = new Option<AspectRatio?>("--aspect-ratio", "-a")
        {
            Description = "Aspect ratio of the image: " + string.Join(", ", ApiNames.All<AspectRatio>()) + ".",
            HelpName = "R",
            CustomParser = ParseAspectRatio,
        };
        option.CompletionSources.Add(ApiNames.All<AspectRatio>().ToArray());
        return option;
    }

    /// <summary><c>-i, --image-url URL</c>, repeatable: reference images.</summary>
    public static Option<string[]> ImageUrl() => new("--image-url", "-i")
    {
        Description = "A reference image URL (http or https); repeat for several.",
        HelpName = "URL",
        Arity = ArgumentArity.ZeroOrMore,
        AllowMultipleArgumentsPerToken = false,
    };

    /// <summary><c>--callback-url URL</c>: the API posts the finished task there.</summary>
    public static Option<string?> CallbackUrl() => new("--callback-url")
    {
        Description = "An https URL the API posts the finished task to.",
        HelpName = "URL",
    };

    /// <summary><c>--no-wait</c>: print the task id and return.</summary>
    public static Option<bool> NoWait() => new("--no-wait")
    {
        Description = "Print the task id and return without waiting (follow it later with `nanobanana task wait`).",
    };

    /// <summary><c>--host</c> of <c>mock</c>.</summary>
    public static Option<string> Host() => new("--host")
    {
        Description = "Address the simulator listens on: a loopback address unless --allow-remote.",
        HelpName = "HOST",
        DefaultValueFactory = _ => "127.0.0.1",
    };

    /// <summary><c>-p, --port</c> of <c>mock</c> (absent or 0: any free port).</summary>
    public static Option<int> Port() => new("--port", "-p")
    {
        Description = "Port the simulator listens on. Default: a free port.",
        HelpName = "N",
        CustomParser = ParsePort,
    };

    /// <summary><c>--task-duration</c> of <c>mock</c>: how long each simulated task runs.</summary>
    public static Option<TimeSpan?> TaskDuration() => new("--task-duration")
    {
        Description = "How long each task runs before it completes, such as 2s or 1m (longer, to watch progress). Default: 2s.",
        HelpName = "DURATION",
        CustomParser = ParseDuration,
    };

    /// <summary><c>--spec</c> of <c>mock</c>: another version of the contract to follow.</summary>
    public static Option<FileInfo?> Spec() => new("--spec")
    {
        Description = "An OpenAPI file to follow instead of the built-in contract (requests validated and answers built from it).",
        HelpName = "FILE",
    };

    private static TimeSpan? ParseDuration(ArgumentResult result)
    {
        var text = result.Tokens.Count > 0 ? result.Tokens[^1].Value : string.Empty;
        if (Duration.TryParse(text, out var value, out var error)) return value;
        result.AddError($"{Typed(result)}: {error}");
        return null;
    }

    private static AspectRatio? ParseAspectRatio(ArgumentResult result)
    {
        var text = result.Tokens.Count > 0 ? result.Tokens[^1].Value : string.Empty;
        if (ApiNames.TryParse<AspectRatio>(text, out var value)) return value;
        result.AddError($"{Typed(result)}: '{text}' is not an aspect ratio; use one of {string.Join(", ", ApiNames.All<AspectRatio>())}");
        return null;
    }

    private static int ParsePort(ArgumentResult result)
    {
        var text = result.Tokens.Count > 0 ? result.Tokens[^1].Value : string.Empty;
        if (int.TryParse(text, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var port) && port is >= 0 and <= 65535) return port;
        result.AddError($"{Typed(result)}: '{text}' is not a port; use a number from 0 to 65535 (0: any free port)");
        return 0;
    }

    /// <summary>The option as the user typed it (<c>-t</c> or <c>--timeout</c>), for an error that names it.</summary>
    private static string Typed(ArgumentResult result) =>
        (result.Parent as OptionResult)?.IdentifierToken?.Value ?? result.Argument.Name;
}

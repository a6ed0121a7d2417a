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

    /// <summary><c>--base-url URL</c>: global; may stand before or after a command's own arguments.</summary>
    public static Option<string?> BaseUrl() => new("--base-url")
    {
        Description = $"The API's base URL [env: {BaseUrlVariable}]. Without it and without a key, the embedded simulator runs.",
        HelpName = "URL",
        Recursive = true,
    };

    /// <summary><c>--api-key KEY</c>: global, hidden, and refused when given (a key in argv shows in the process list).</summary>
    public static Option<string?> ApiKey() => new("--api-key")
    {
        Description = $"Refused: use {ApiKeyVariable} or --api-key-file (a key on the command line shows in the process list).",
        HelpName = "KEY",
        Recursive = true,
        Hidden = true,
    };

    /// <summary><c>--api-key-file FILE</c>: global; the key from a file's first line, or stdin with <c>-</c>.</summary>
    public static Option<string?> ApiKeyFile() => new("--api-key-file")
    {
        Description = $"Read the API key from FILE's first line ('-': from stdin) [or env: {ApiKeyVariable}]. Never printed.",
        HelpName = "FILE",
        Recursive = true,
    };

    /// <summary><c>--allow-remote</c> of <c>mock</c>.</summary>
    public static Option<bool> AllowRemote() => new("--allow-remote")
    {
        Description = "Let --host name a non-loopback address (the simulator accepts any key and posts callbacks anywhere: only on a network you trust).",
    };

    /// <summary><c>--verbose</c>: global; more detail on stderr.</summary>
    public static Option<bool> Verbose() => new("--verbose")
    {
        Description = "Print more detail on stderr (requests' outcome, error details).",
        Recursive = true,
    };

    /// <summary><c>--json</c>: one JSON object on stdout.</summary>
    public static Option<bool> Json() => new("--json")
    {
        Description = "Print exactly one JSON object on stdout: the task (plus \"files\") or {\"error\": {...}}.",
    };

    /// <summary><c>--out DIR</c>: where outputs are saved (default: the current folder).</summary>
    public static Option<string?> Out() => new("--out")
    {
        Description = "Folder to save the outputs in (created if missing). Default: the current folder.",
        HelpName = "DIR",
    };

    /// <summary><c>--timeout DURATION</c>: <c>90s</c>, <c>5m</c>, <c>1h30m</c>.</summary>
    public static Option<TimeSpan?> Timeout() => new("--timeout")
    {
        Description = "Longest time to wait for the task, such as 90s, 5m or 1h30m. Default: the client's.",
        HelpName = "DURATION",
        CustomParser = ParseDuration,
    };

    /// <summary><c>--aspect-ratio R</c>: one of the contract's ratios.</summary>
    public static Option<AspectRatio?> AspectRatio()
    {
        var option = new Option<AspectRatio?>("--aspect-ratio")
        {
            Description = "Aspect ratio of the image: " + string.Join(", ", ApiNames.All<AspectRatio>()) + ".",
            HelpName = "R",
            CustomParser = ParseAspectRatio,
        };
        option.CompletionSources.Add(ApiNames.All<AspectRatio>().ToArray());
        return option;
    }

    /// <summary><c>--image-url URL</c>, repeatable: reference images.</summary>
    public static Option<string[]> ImageUrl() => new("--image-url")
    {
        Description = "A reference image URL (http or https); repeat for several.",
        HelpName = "URL",
        Arity = ArgumentArity.ZeroOrMore,
        AllowMultipleArgumentsPerToken = false,
    };

    /// <summary><c>--callback-url URL</c>: the API posts the finished task there.</summary>
    public static Option<string?> CallbackUrl() => new("--callback-url")
    {
        Description = "URL the API posts the finished task to.",
        HelpName = "URL",
    };

    /// <summary><c>--no-wait</c>: print the task id and return.</summary>
    public static Option<bool> NoWait() => new("--no-wait")
    {
        Description = "Print the task id and return without waiting (resume with `nanobanana task wait`).",
    };

    /// <summary><c>--host</c> of <c>mock</c>.</summary>
    public static Option<string> Host() => new("--host")
    {
        Description = "Address the simulator listens on: a loopback address (default 127.0.0.1) unless --allow-remote.",
        HelpName = "HOST",
        DefaultValueFactory = _ => "127.0.0.1",
    };

    /// <summary><c>--port</c> of <c>mock</c> (0: any free port).</summary>
    public static Option<int> Port() => new("--port")
    {
        Description = "Port the simulator listens on (default: a free port).",
        HelpName = "N",
        DefaultValueFactory = _ => 0,
        CustomParser = ParsePort,
    };

    private static TimeSpan? ParseDuration(ArgumentResult result)
    {
        var text = result.Tokens.Count > 0 ? result.Tokens[^1].Value : string.Empty;
        if (Duration.TryParse(text, out var value, out var error)) return value;
        result.AddError("--timeout: " + error);
        return null;
    }

    private static AspectRatio? ParseAspectRatio(ArgumentResult result)
    {
        var text = result.Tokens.Count > 0 ? result.Tokens[^1].Value : string.Empty;
        if (ApiNames.TryParse<AspectRatio>(text, out var value)) return value;
        result.AddError($"--aspect-ratio: '{text}' is not an aspect ratio; use one of {string.Join(", ", ApiNames.All<AspectRatio>())}");
        return null;
    }

    private static int ParsePort(ArgumentResult result)
    {
        var text = result.Tokens.Count > 0 ? result.Tokens[^1].Value : string.Empty;
        if (int.TryParse(text, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var port) && port is >= 0 and <= 65535) return port;
        result.AddError($"--port: '{text}' is not a port; use a number from 0 to 65535 (0: any free port)");
        return 0;
    }
}

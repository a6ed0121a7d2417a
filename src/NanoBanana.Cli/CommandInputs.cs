using NanoBanana.Client;

namespace NanoBanana.Cli;

/// <summary>
/// The global options, as given (before the environment is consulted). <paramref name="ApiKey"/> is a refused
/// <c>--api-key</c> (see <see cref="ApiKeySources"/>).
/// </summary>
internal sealed record GlobalInput(string? BaseUrl, string? ApiKey, bool Verbose, string? ApiKeyFile = null);

/// <summary><c>nanobanana generate</c>'s arguments.</summary>
internal sealed record GenerateInput(
    string? Prompt,
    string? PromptFile,
    AspectRatio? AspectRatio,
    IReadOnlyList<string> ImageUrls,
    string? CallbackUrl,
    string? Out,
    bool NoWait,
    TimeSpan? Timeout);

/// <summary><c>nanobanana task get</c>'s arguments.</summary>
internal sealed record TaskGetInput(string TaskId);

/// <summary><c>nanobanana task wait</c>'s arguments.</summary>
internal sealed record TaskWaitInput(string TaskId, string? Out, TimeSpan? Timeout);

/// <summary><c>nanobanana mock</c>'s arguments.</summary>
internal sealed record MockInput(string Host, int Port, TimeSpan? TaskDuration, string? SpecFile = null, bool AllowRemote = false);

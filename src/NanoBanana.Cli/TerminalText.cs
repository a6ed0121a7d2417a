using NanoBanana.Client;

namespace NanoBanana.Cli;

/// <summary>
/// The CLI's one way to print text it does not control (anything from the API, an exception, an input file): the
/// client's <see cref="NanoBananaRedactor"/> (the key in use, any key given, bearer-shaped values) and its control
/// character escaping, so nothing reaches stdout or stderr with a key, a terminal escape sequence or a line break.
/// </summary>
internal sealed class TerminalText(NanoBananaRedactor redactor)
{
    /// <summary>The redactor: the keys this invocation knows.</summary>
    public NanoBananaRedactor Redactor => redactor;

    /// <summary>For an invocation: every key it may hold (environment, key file, a refused <c>--api-key</c>).</summary>
    public static TerminalText For(CliHost host, GlobalInput globals) =>
        new(new NanoBananaRedactor([globals.ApiKey, host.GetEnvironmentVariable(CliSymbols.ApiKeyVariable), ApiKeySources.ReadIfGiven(host, globals)]));

    /// <summary>Text safe to print: redacted, on one line, control characters and escape sequences escaped.</summary>
    public string Safe(string? text) => redactor.Sanitize(text ?? string.Empty);

    /// <summary>
    /// Serialized JSON safe to print: redacted, and any control or bidirectional character the serializer left raw
    /// written as a JSON escape (the result is still the same JSON).
    /// </summary>
    public string Json(string json) => NanoBananaRedactor.EscapeControlCharacters(redactor.Redact(json));
}

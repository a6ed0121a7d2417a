using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace NanoBanana.Client;

/// <summary>
/// The one rule that keeps API keys out of text: every configured key (as sent, JSON-escaped and URL-escaped) and
/// anything shaped like a bearer credential (<c>Bearer ...</c>, <c>sk-...</c>) becomes <c>***</c>. The client runs
/// every API response body through its redactor before reading it, so tasks, credits, error messages, logs and
/// exceptions never carry a key a server or proxy echoed back; the CLI, the batch runner and the callback endpoint
/// run their output through it too. <see cref="EscapeControlCharacters"/> makes untrusted text inert on a terminal
/// or in a log.
/// </summary>
/// <remarks>
/// Get the client's redactor from <see cref="NanoBananaClient.Redactor"/> (it follows a rotated key), or make one
/// for the keys you know. Thread-safe.
/// </remarks>
public sealed partial class NanoBananaRedactor
{
    /// <summary>What a redacted secret is replaced with: <c>***</c>.</summary>
    public const string Mask = "***";

    // Shorter values are not treated as secrets: masking them would mangle ordinary text.
    private const int MinSecretLength = 6;

    private readonly Lock _gate = new();
    private volatile Secret[] _secrets = [];

    /// <summary>Creates a redactor for <paramref name="secrets"/> (null and blank values are ignored).</summary>
    /// <param name="secrets">The keys to remove, besides bearer-shaped values.</param>
    public NanoBananaRedactor(IEnumerable<string?> secrets)
    {
        ArgumentNullException.ThrowIfNull(secrets);
        foreach (var secret in secrets) Add(secret);
    }

    /// <summary>A redactor that knows no key: it removes bearer-shaped values only.</summary>
    public static NanoBananaRedactor BearerShapedOnly { get; } = new([]);

    /// <summary>
    /// <paramref name="text"/> with every known key and every bearer-shaped value replaced by <see cref="Mask"/>.
    /// </summary>
    /// <param name="text">Text that may hold a secret (a server's message, an exception, a log line).</param>
    /// <returns>The redacted text; null for null.</returns>
    [return: NotNullIfNotNull(nameof(text))]
    public string? Redact(string? text)
    {
        if (string.IsNullOrEmpty(text)) return text;
        foreach (var secret in _secrets)
        {
            foreach (var form in secret.Forms)
            {
                if (text.Contains(form, StringComparison.Ordinal)) text = text.Replace(form, Mask, StringComparison.Ordinal);
            }
        }

        if (text.Contains("sk-", StringComparison.Ordinal)) text = SkKey().Replace(text, "sk-" + Mask);
        if (text.Contains("bearer", StringComparison.OrdinalIgnoreCase)) text = BearerValue().Replace(text, "${scheme}" + Mask);
        return text;
    }

    /// <summary>
    /// <paramref name="text"/> with control characters (C0, DEL, C1, line and paragraph separators) and bidirectional
    /// formatting characters written as escapes (<c>\n</c>, <c>\r</c>, <c>\t</c>, <c>\u001B</c>, <c>\u202E</c>): the result is
    /// one line that no terminal interprets (no colours, no cursor moves, no window title, no reordered text). The
    /// escapes are JSON's, so the result is also safe inside a JSON string. Apply it to any text from the network or
    /// an input file before it reaches a terminal or a log.
    /// </summary>
    /// <param name="text">Untrusted text.</param>
    /// <returns>The escaped text; null for null.</returns>
    [return: NotNullIfNotNull(nameof(text))]
    public static string? EscapeControlCharacters(string? text)
    {
        if (text is null) return null;
        var i = 0;
        while (i < text.Length && !NeedsEscape(text[i])) i++;
        if (i == text.Length) return text;
        var escaped = new StringBuilder(text.Length + 16).Append(text, 0, i);
        for (; i < text.Length; i++)
        {
            var c = text[i];
            if (!NeedsEscape(c))
            {
                escaped.Append(c);
                continue;
            }

            _ = c switch
            {
                '\n' => escaped.Append("\\n"),
                '\r' => escaped.Append("\\r"),
                '\t' => escaped.Append("\\t"),
                _ => escaped.Append("\\u").Append(((int)c).ToString("X4", CultureInfo.InvariantCulture)),
            };
        }

        return escaped.ToString();
    }

    /// <summary>Both rules at once: redacted, then escaped (<see cref="Redact"/>, <see cref="EscapeControlCharacters"/>).</summary>
    /// <param name="text">Untrusted text.</param>
    /// <returns>Text safe to print or log; null for null.</returns>
    [return: NotNullIfNotNull(nameof(text))]
    public string? Sanitize(string? text) => EscapeControlCharacters(Redact(text));

    /// <summary>Adds a key (a rotated one: the old key stays redacted too).</summary>
    internal void Add(string? secret)
    {
        if (string.IsNullOrWhiteSpace(secret)) return;
        secret = secret.Trim();
        if (secret.Length < MinSecretLength) return;
        lock (_gate)
        {
            if (_secrets.Any(s => s.Value == secret)) return;
            var forms = new[] { secret, JsonEncodedText.Encode(secret).ToString(), Uri.EscapeDataString(secret) }.Distinct(StringComparer.Ordinal).ToArray();
            // Longest first, so that a key that contains another is masked whole.
            _secrets = [.. _secrets.Append(new Secret(secret, forms)).OrderByDescending(s => s.Value.Length)];
        }
    }

    /// <summary>
    /// A UTF-8 body (an API response) with the rule applied: the same array when nothing in it needs redacting (the
    /// usual case, found without decoding), otherwise a new one.
    /// </summary>
    internal ArraySegment<byte> RedactUtf8(ArraySegment<byte> body)
    {
        var span = body.AsSpan();
        if (!MayHoldSecret(span)) return body;
        var text = Encoding.UTF8.GetString(span);
        var redacted = Redact(text);
        return ReferenceEquals(redacted, text) || redacted == text ? body : new ArraySegment<byte>(Encoding.UTF8.GetBytes(redacted));
    }

    private bool MayHoldSecret(ReadOnlySpan<byte> body)
    {
        if (body.IndexOf("sk-"u8) >= 0 || body.IndexOf("earer"u8) >= 0 || body.IndexOf("EARER"u8) >= 0 || body.IndexOf("eARER"u8) >= 0) return true;
        // A form that contains "sk-" (every form of an sk- key) cannot be in a body that has no "sk-": only the others are searched.
        foreach (var secret in _secrets)
        {
            foreach (var form in secret.Utf8FormsWithoutSk)
            {
                if (body.IndexOf(form) >= 0) return true;
            }
        }

        return false;
    }

    private static bool NeedsEscape(char c) =>
        c < ' ' || c is >= '\u007F' and <= '\u009F' || c is '\u2028' or '\u2029' or '\u200E' or '\u200F' or '\u061C'
        || c is >= '\u202A' and <= '\u202E' || c is >= '\u2066' and <= '\u2069';

    // sk- keys: the API's key format (sk- and a token of at least 8 characters).
    [GeneratedRegex(@"(?<![A-Za-z0-9_])sk-[A-Za-z0-9_\-]{8,}", RegexOptions.CultureInvariant)]
    private static partial Regex SkKey();

    // "Bearer <token>": an Authorization value echoed back, whatever the key looks like.
    [GeneratedRegex(@"(?<scheme>\bbearer\s+)(?!\*\*\*)[^\s""',;\\]+", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex BearerValue();

    private sealed class Secret(string value, string[] forms)
    {
        public string Value { get; } = value;

        public string[] Forms { get; } = forms;

        public byte[][] Utf8FormsWithoutSk { get; } = [.. forms.Select(Encoding.UTF8.GetBytes).Where(static f => f.AsSpan().IndexOf("sk-"u8) < 0)];
    }
}

namespace NanoBanana.Cli;

/// <summary>
/// Removes the API key from any text the CLI prints. Exceptions of the client never hold the key; this is
/// the second line of defence, for text the CLI does not control (inner exceptions, server messages).
/// </summary>
internal sealed class Redactor
{
    private const string Mask = "***";
    private readonly string[] _secrets;

    /// <summary>Redacts the key given on the command line and the one in the environment.</summary>
    public Redactor(CliHost host, string? apiKeyOption)
    {
        _secrets = new[] { apiKeyOption, host.GetEnvironmentVariable(CliSymbols.ApiKeyVariable) }
            .Where(s => !string.IsNullOrWhiteSpace(s))
            .Select(s => s!.Trim())
            .Distinct(StringComparer.Ordinal)
            .OrderByDescending(s => s.Length)
            .ToArray();
    }

    /// <summary><paramref name="text"/> with every occurrence of the key replaced by <c>***</c>.</summary>
    public string Redact(string text)
    {
        foreach (var secret in _secrets)
        {
            text = text.Replace(secret, Mask, StringComparison.Ordinal);
        }

        return text;
    }
}

using System.Text;

namespace NanoBanana.Cli;

/// <summary>
/// Where <c>generate</c>'s prompt comes from: the <c>PROMPT</c> argument, stdin (<c>PROMPT</c> is <c>-</c>) or
/// <c>--prompt-file</c>. A prompt read from stdin or a file keeps every character except its final line break, and
/// goes through the same validation as a typed one; errors name the source as the user gave it.
/// </summary>
internal sealed record PromptSource(string Text, string Name)
{
    /// <summary>More than this many characters is never a prompt (the contract allows 20,000): reading stops there.</summary>
    private const int ReadLimit = 1_000_000;

    /// <summary>Reads the prompt from the source the arguments name; a missing, doubled or unreadable source is a validation error.</summary>
    public static PromptSource Read(GenerateInput input, CliHost host, Action<string> note)
    {
        if (input.Prompt is not null && input.PromptFile is not null)
        {
            throw Invalid("give the prompt once: as PROMPT, as '-' (read from stdin) or with --prompt-file, not two of them");
        }

        if (input.PromptFile is { } file)
        {
            var path = Path.GetFullPath(file, host.CurrentDirectory);
            if (Directory.Exists(path)) throw Invalid($"--prompt-file: '{file}' is a folder, not a file");
            if (!File.Exists(path)) throw Invalid($"--prompt-file: '{file}' does not exist");
            try
            {
                using var reader = new StreamReader(path, new UTF8Encoding(false), detectEncodingFromByteOrderMarks: true);
                return FromText(ReadUpToLimit(reader, "--prompt-file"), "--prompt-file", "the file is empty");
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                throw Invalid($"--prompt-file: '{file}' cannot be read: {ErrorMapper.OneLine(e.Message)}");
            }
        }

        if (input.Prompt == "-")
        {
            if (host.StdinIsTerminal) note("reading the prompt from stdin: type it, then press Ctrl+D on an empty line");
            return FromText(ReadUpToLimit(host.Stdin, "PROMPT (stdin)"), "PROMPT (stdin)", "the prompt read from stdin is empty");
        }

        if (input.Prompt is null)
        {
            throw Invalid("PROMPT is required: give it as an argument, as '-' to read it from stdin, or with --prompt-file PATH (see 'nanobanana generate --help')");
        }

        return new PromptSource(input.Prompt, "PROMPT");
    }

    private static PromptSource FromText(string text, string name, string emptyMessage)
    {
        // The final line break is the file's (or echo's), not the prompt's.
        var prompt = text.TrimStart('\uFEFF').TrimEnd('\r', '\n');
        if (string.IsNullOrWhiteSpace(prompt)) throw Invalid($"{name}: {emptyMessage}");
        return new PromptSource(prompt, name);
    }

    private static string ReadUpToLimit(TextReader reader, string name)
    {
        var text = new StringBuilder();
        var chunk = new char[8192];
        int n;
        while ((n = reader.ReadBlock(chunk, 0, chunk.Length)) > 0)
        {
            text.Append(chunk, 0, n);
            if (text.Length > ReadLimit) throw Invalid($"{name}: more than {ReadLimit:N0} characters, far beyond any prompt's limit");
        }

        return text.ToString();
    }

    private static CliErrorException Invalid(string message) => new(CliError.Validation(message));
}

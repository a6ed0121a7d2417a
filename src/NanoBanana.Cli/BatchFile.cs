using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using NanoBanana.Batch;
using NanoBanana.Client;

namespace NanoBanana.Cli;

/// <summary>
/// A batch input file: JSON Lines (one object a line) or CSV with a header, with the columns <c>prompt</c>
/// (required), <c>aspect_ratio</c>, <c>image_urls</c> (a JSON array or string; in CSV, URLs separated by spaces)
/// and <c>id</c> or <c>name</c> (names the output files; default <c>line-N</c>). Every line is checked
/// (including the contract's limits) before anything is sent; each bad line is named with its number.
/// </summary>
internal sealed class BatchFile
{
    private static readonly string[] Columns = ["prompt", "aspect_ratio", "image_urls", "id", "name"];

    private BatchFile(IReadOnlyList<BatchItem> items, IReadOnlyList<string> errors, string hash)
    {
        Items = items;
        Errors = errors;
        Hash = hash;
    }

    /// <summary>The valid items, in order.</summary>
    public IReadOnlyList<BatchItem> Items { get; }

    /// <summary>One line per bad input line: <c>line 7: prompt: ...</c>.</summary>
    public IReadOnlyList<string> Errors { get; }

    /// <summary>SHA-256 of the file's bytes (hex): a ledger records it and refuses another input.</summary>
    public string Hash { get; }

    /// <summary>Reads and checks <paramref name="path"/>.</summary>
    public static BatchFile Read(string path) => Read(File.ReadAllBytes(path), path);

    /// <summary>Checks <paramref name="bytes"/>, read from <paramref name="path"/> (<c>-</c> for stdin: CSV or JSON Lines told apart by the first line).</summary>
    public static BatchFile Read(byte[] bytes, string path)
    {
        var hash = Convert.ToHexStringLower(SHA256.HashData(bytes));
        var errors = new List<(int Line, string Text)>();
        var lines = Lines(bytes, errors);
        var csv = IsCsv(path, lines);
        var rows = csv ? CsvRows(lines) : JsonRows(lines);
        var items = new List<BatchItem>();
        var itemLines = new List<int>();
        foreach (var (line, fields, error) in rows)
        {
            if (error is not null)
            {
                errors.Add((line, $"line {line}: {error}"));
                continue;
            }

            var item = ToItem(line, fields!, out var problem);
            if (item is null)
            {
                errors.Add((line, $"line {line}: {problem}"));
                continue;
            }

            items.Add(item);
            itemLines.Add(line);
        }

        // Output names: the batch library's one rule (sanitised, case-insensitive, every output index), both lines named.
        var clashes = BatchOutputNames.Check(items.Select(i => i.Key).ToList());
        foreach (var clash in clashes)
        {
            var line = itemLines[clash.Position];
            errors.Add((line, $"line {line}: {clash.Message}" + (clash.ClashesWith is { } other ? $" on line {itemLines[other]}: each item needs its own output file name" : string.Empty)));
        }

        if (clashes.Count > 0)
        {
            var bad = clashes.Select(c => c.Position).ToHashSet();
            items = [.. items.Where((_, i) => !bad.Contains(i))];
        }

        return new BatchFile(items, [.. errors.OrderBy(e => e.Line).Select(e => e.Text)], hash);
    }

    /// <summary>
    /// The file's lines, each decoded as strict UTF-8: a line that is not valid UTF-8 is an error naming it (never
    /// replaced with U+FFFD and sent), and reads as empty. A leading byte order mark is skipped.
    /// </summary>
    private static string[] Lines(byte[] bytes, List<(int Line, string Text)> errors)
    {
        var strict = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);
        var span = bytes.AsSpan();
        if (span.StartsWith("\uFEFF"u8)) span = span[3..];
        var lines = new List<string>();
        while (true)
        {
            var end = span.IndexOf((byte)'\n');
            var line = end < 0 ? span : span[..end];
            try
            {
                lines.Add(strict.GetString(line).TrimEnd('\r'));
            }
            catch (DecoderFallbackException e)
            {
                errors.Add((lines.Count + 1, $"line {lines.Count + 1}: not valid UTF-8 text (byte {e.Index + 1} of the line); save the file as UTF-8"));
                lines.Add(string.Empty);
            }

            if (end < 0) break;
            span = span[(end + 1)..];
        }

        return [.. lines];
    }

    private static bool IsCsv(string path, string[] lines)
    {
        var extension = Path.GetExtension(path).ToLowerInvariant();
        if (extension == ".csv") return true;
        if (extension is ".jsonl" or ".ndjson" or ".json") return false;
        return !(lines.FirstOrDefault(l => l.Trim().Length > 0)?.TrimStart().StartsWith('{') ?? false);
    }

    private static BatchItem? ToItem(int line, Dictionary<string, string?[]> fields, out string? problem)
    {
        problem = null;
        var unknown = fields.Keys.FirstOrDefault(k => !Columns.Contains(k, StringComparer.Ordinal));
        if (unknown is not null)
        {
            problem = $"unknown field '{unknown}' (fields: {string.Join(", ", Columns)})";
            return null;
        }

        string? One(string name) => fields.TryGetValue(name, out var v) ? v.FirstOrDefault() : null;
        var prompt = One("prompt");
        if (string.IsNullOrWhiteSpace(prompt))
        {
            problem = "prompt: required and must not be empty";
            return null;
        }

        AspectRatio? aspectRatio = null;
        if (One("aspect_ratio") is { Length: > 0 } ratioText)
        {
            if (!ApiNames.TryParse<AspectRatio>(ratioText, out var ratio))
            {
                problem = $"aspect_ratio: '{ratioText}' is not an aspect ratio; use one of {string.Join(", ", ApiNames.All<AspectRatio>())}";
                return null;
            }

            aspectRatio = ratio;
        }

        var urls = new List<Uri>();
        foreach (var text in fields.TryGetValue("image_urls", out var u) ? u : [])
        {
            if (string.IsNullOrWhiteSpace(text)) continue;
            if (!HttpUrl.TryParse(text, out var url))
            {
                problem = $"image_urls: '{text}' is not an absolute http or https URL";
                return null;
            }

            urls.Add(url);
        }

        var key = (One("id") is { Length: > 0 } id ? id : One("name") is { Length: > 0 } name ? name : $"line-{line}").Trim();
        var request = GenerationRequest.FromPrompt(prompt, new GenerationOptions { AspectRatio = aspectRatio, ImageUrls = urls });
        try
        {
            request.Validate();
        }
        catch (GenerationRequestValidationException e)
        {
            // Named as the file's column (prompt, image_urls), not as the wire field (input.prompt).
            problem = ValidationWording.Describe(e, field => field switch
            {
                _ when field.StartsWith("input.image_urls", StringComparison.Ordinal) => "image_urls",
                _ when field.StartsWith("input.", StringComparison.Ordinal) => field["input.".Length..],
                _ => field,
            });
            return null;
        }

        return new BatchItem(key, request);
    }

    private static IEnumerable<(int Line, Dictionary<string, string?[]>? Fields, string? Error)> JsonRows(string[] lines)
    {
        for (var i = 0; i < lines.Length; i++)
        {
            if (lines[i].Trim().Length == 0) continue;
            Dictionary<string, string?[]>? fields = null;
            string? error = null;
            try
            {
                using var doc = JsonDocument.Parse(lines[i]);
                if (doc.RootElement.ValueKind != JsonValueKind.Object)
                {
                    error = "not a JSON object";
                }
                else
                {
                    fields = new Dictionary<string, string?[]>(StringComparer.Ordinal);
                    foreach (var property in doc.RootElement.EnumerateObject())
                    {
                        var value = property.Value;
                        fields[property.Name] = value.ValueKind switch
                        {
                            JsonValueKind.Array => [.. value.EnumerateArray().Select(v => v.ValueKind == JsonValueKind.String ? v.GetString() : v.GetRawText())],
                            JsonValueKind.String => property.Name == "image_urls" ? [.. (value.GetString() ?? string.Empty).Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries)] : [value.GetString()],
                            JsonValueKind.Null => [],
                            _ => [value.GetRawText()],
                        };
                    }
                }
            }
            catch (JsonException e)
            {
                // The line is named once (by the caller); the parser's own "LineNumber: 0 | BytePositionInLine: 1" goes.
                var reason = ErrorMapper.OneLine(e.Message);
                var at = reason.IndexOf(" LineNumber:", StringComparison.Ordinal);
                if (at >= 0) reason = reason[..at];
                error = e.BytePositionInLine is { } column
                    ? $"not valid JSON at character {column + 1}: {reason}"
                    : "not valid JSON: " + reason;
            }

            yield return (i + 1, fields, error);
        }
    }

    private static IEnumerable<(int Line, Dictionary<string, string?[]>? Fields, string? Error)> CsvRows(string[] lines)
    {
        var headerIndex = Array.FindIndex(lines, l => l.Trim().Length > 0);
        if (headerIndex < 0) yield break;
        var header = SplitCsv(lines[headerIndex], out var headerError);
        if (headerError is not null || header.Count == 0)
        {
            yield return (headerIndex + 1, null, "header: " + (headerError ?? "empty"));
            yield break;
        }

        var names = header.Select(h => h.Trim().ToLowerInvariant()).ToArray();
        for (var i = headerIndex + 1; i < lines.Length; i++)
        {
            if (lines[i].Trim().Length == 0) continue;
            var values = SplitCsv(lines[i], out var error);
            if (error is null && values.Count != names.Length) error = $"{values.Count} columns, the header has {names.Length}";
            if (error is not null)
            {
                yield return (i + 1, null, error);
                continue;
            }

            var fields = new Dictionary<string, string?[]>(StringComparer.Ordinal);
            for (var c = 0; c < names.Length; c++)
            {
                fields[names[c]] = names[c] == "image_urls"
                    ? [.. values[c].Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries)]
                    : values[c].Length == 0 ? [] : [values[c]];
            }

            yield return (i + 1, fields, null);
        }
    }

    /// <summary>One CSV record on one line: commas, double-quoted fields with <c>""</c> for a quote.</summary>
    private static List<string> SplitCsv(string line, out string? error)
    {
        error = null;
        var values = new List<string>();
        var field = new StringBuilder();
        var quoted = false;
        var wasQuoted = false;
        for (var i = 0; i < line.Length; i++)
        {
            var c = line[i];
            if (quoted)
            {
                if (c == '"' && i + 1 < line.Length && line[i + 1] == '"') { field.Append('"'); i++; }
                else if (c == '"') quoted = false;
                else field.Append(c);
            }
            else if (c == '"' && field.ToString().Trim().Length == 0) { quoted = true; wasQuoted = true; field.Clear(); }
            else if (c == ',') { values.Add(wasQuoted ? field.ToString() : field.ToString().Trim()); field.Clear(); wasQuoted = false; }
            else field.Append(c);
        }

        if (quoted) error = "a quoted field is not closed (fields cannot span lines)";
        values.Add(wasQuoted ? field.ToString() : field.ToString().Trim());
        return values;
    }
}

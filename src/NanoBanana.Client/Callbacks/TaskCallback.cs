using System.Text;
using System.Text.Json;

namespace NanoBanana.Client;

/// <summary>
/// Reads the body of a callback (the API POSTs the task object to <c>callback_url</c> when the task completes or fails).
/// </summary>
/// <remarks>
/// The docs describe no signature for callbacks, so anyone who knows the URL can post one. Treat a parsed callback as
/// a hint only: confirm it with <see cref="INanoBananaClient.ConfirmCallbackAsync"/>, which fetches the task from the
/// API, and act on the task that returns.
/// </remarks>
public static class TaskCallback
{
    /// <summary>The largest callback body accepted, in bytes (1 MiB).</summary>
    public const int MaxBodyBytes = 1024 * 1024;

    /// <summary>Parses a callback body.</summary>
    /// <param name="utf8Body">The request body, UTF-8.</param>
    /// <returns>The task it describes (unconfirmed).</returns>
    /// <exception cref="NanoBananaCallbackException">The body is not a task object.</exception>
    public static GenerationTask Parse(ReadOnlySpan<byte> utf8Body)
    {
        // A byte order mark is not JSON, but senders add one: it is skipped.
        if (utf8Body.StartsWith("\uFEFF"u8)) utf8Body = utf8Body[3..];
        if (utf8Body.IsEmpty) throw new NanoBananaCallbackException("The callback body is empty; expected the task object.");
        if (utf8Body.Length > MaxBodyBytes) throw new NanoBananaCallbackException($"The callback body is larger than {MaxBodyBytes} bytes.");
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(utf8Body.ToArray());
        }
        catch (JsonException ex)
        {
            // The parser's message quotes the body: say where, not what.
            throw new NanoBananaCallbackException($"The callback body is not JSON (line {ex.LineNumber + 1}, byte {ex.BytePositionInLine + 1}).", ex);
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object) throw new NanoBananaCallbackException($"The callback body is a JSON {root.ValueKind}, not the task object.");
            if (!root.TryGetProperty("id", out var id) || id.ValueKind != JsonValueKind.String || string.IsNullOrEmpty(id.GetString()))
                throw new NanoBananaCallbackException("The callback body has no task id (a non-empty string \"id\").");
            if (!root.TryGetProperty("status", out var status) || status.ValueKind != JsonValueKind.String)
                throw new NanoBananaCallbackException("The callback body has no status (a string \"status\").");

            GenerationTask? task;
            try
            {
                task = root.Deserialize(NanoBananaTransport.TypeInfo<GenerationTask>());
            }
            catch (JsonException ex)
            {
                throw new NanoBananaCallbackException(
                    $"The callback body is not a valid task object (status {Quote(status.GetString())} must be pending, processing, completed or failed).", ex);
            }

            if (task is null) throw new NanoBananaCallbackException("The callback body is not the task object.");
            try
            {
                GenerationRequestValidator.ValidateTaskId(task.Id);
            }
            catch (ArgumentException ex)
            {
                throw new NanoBananaCallbackException($"The callback body's task id {Quote(task.Id)} is not a valid task id.", ex);
            }

            return task;
        }
    }

    /// <summary>The task as the API's JSON (the shape a callback body has): <see cref="Parse(string)"/> reads it back.</summary>
    /// <param name="task">The task.</param>
    /// <returns>The JSON text.</returns>
    public static string ToJson(GenerationTask task)
    {
        ArgumentNullException.ThrowIfNull(task);
        return JsonSerializer.Serialize(task, NanoBananaTransport.TypeInfo<GenerationTask>());
    }

    /// <summary>A posted value as it may appear in a message: at most 64 characters, redacted and escaped.</summary>
    private static string Quote(string? value)
    {
        if (value is null) return "(none)";
        var shown = value.Length <= 64 ? value : value[..64] + "...";
        return "'" + NanoBananaRedactor.BearerShapedOnly.Sanitize(shown) + "'";
    }

    /// <summary>Parses a callback body.</summary>
    /// <param name="body">The request body as text.</param>
    /// <returns>The task it describes (unconfirmed).</returns>
    /// <exception cref="NanoBananaCallbackException">The body is not a task object.</exception>
    public static GenerationTask Parse(string body)
    {
        ArgumentNullException.ThrowIfNull(body);
        return Parse(Encoding.UTF8.GetBytes(body));
    }

    /// <summary>Reads and parses a callback body from a stream (at most <see cref="MaxBodyBytes"/>).</summary>
    /// <param name="body">The request body.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The task it describes (unconfirmed).</returns>
    /// <exception cref="NanoBananaCallbackException">The body is not a task object or is too large.</exception>
    public static async Task<GenerationTask> ParseAsync(Stream body, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(body);
        using var buffer = new MemoryStream();
        var chunk = new byte[16384];
        int n;
        while ((n = await body.ReadAsync(chunk, cancellationToken).ConfigureAwait(false)) > 0)
        {
            if (buffer.Length + n > MaxBodyBytes) throw new NanoBananaCallbackException($"The callback body is larger than {MaxBodyBytes} bytes.");
            buffer.Write(chunk, 0, n);
        }

        return Parse(buffer.GetBuffer().AsSpan(0, (int)buffer.Length));
    }
}

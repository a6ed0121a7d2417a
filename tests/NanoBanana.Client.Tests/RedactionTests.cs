using System.Text.Json;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using Microsoft.Extensions.Time.Testing;
using NanoBanana.Testing;

namespace NanoBanana.Client.Tests;

/// <summary>
/// The one redaction boundary: the rule itself, and a client talking to an API double that echoes the Authorization
/// header into every text field it returns (tasks, failures, unknown statuses, credits, errors): the key reaches no
/// model, exception or log line.
/// </summary>
public sealed class RedactionTests
{
    // Every property of what the client hands out, by reflection (explicit: test runs have it off by default).
    private static readonly JsonSerializerOptions Reflective = new() { TypeInfoResolver = new System.Text.Json.Serialization.Metadata.DefaultJsonTypeInfoResolver() };

    // Not sk-shaped on purpose: the configured key is masked as such, not only by its shape.
    private const string Key = "key-ECHO-5f2a9c7d1e";

    [Fact]
    public void The_rule_masks_the_key_as_sent_json_escaped_and_url_escaped_and_bearer_shaped_values()
    {
        var redactor = new NanoBananaRedactor(["k+y/1<2>&3_long"]);

        Assert.Equal("a *** b", redactor.Redact("a k+y/1<2>&3_long b"));
        Assert.Equal("\"***\"", redactor.Redact("\"k\\u002By/1\\u003C2\\u003E\\u00263_long\""));
        Assert.Equal("q=***", redactor.Redact("q=" + Uri.EscapeDataString("k+y/1<2>&3_long")));
        Assert.Equal("Authorization: Bearer ***", redactor.Redact("Authorization: Bearer abc.def-ghi"));
        Assert.Equal("key sk-*** here", NanoBananaRedactor.BearerShapedOnly.Redact("key sk-live0123456789 here"));
        Assert.Equal("task-12345678", NanoBananaRedactor.BearerShapedOnly.Redact("task-12345678"));
        Assert.Null(redactor.Redact(null));
    }

    [Fact]
    public void Control_characters_and_escape_sequences_are_escaped_not_removed()
    {
        Assert.Equal("\\u001B]0;title\\u0007\\u001B[2J a\\r\\nb \\u202Eevil \\u007F\\u009B", NanoBananaRedactor.EscapeControlCharacters("\u001b]0;title\u0007\u001b[2J a\r\nb \u202Eevil \u007F\u009B"));
        Assert.Equal("plain text, ünïcode", NanoBananaRedactor.EscapeControlCharacters("plain text, ünïcode"));
    }

    [Fact]
    public void HttpClient_logging_shows_no_query_string_and_no_credential_header()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "https://files.example.com/out/a.png?X-Signature=secret-sig");
        request.Headers.TryAddWithoutValidation("Authorization", "Bearer " + Key);
        request.Headers.TryAddWithoutValidation("Accept", "image/png");

        var headers = RedactedHttpClientLogging.HeadersOf(request, request.Headers, null);

        Assert.Equal("https://files.example.com/out/a.png?*", RedactedHttpClientLogging.UriOf(request));
        Assert.Equal("Authorization: *\nAccept: image/png\n", headers);
    }

    [Fact]
    public async Task A_rotated_key_stays_redacted()
    {
        var redactor = new NanoBananaRedactor(["first-key-123"]);
        redactor.Add("second-key-456");

        Assert.Equal("*** ***", redactor.Redact("first-key-123 second-key-456"));
        await Task.CompletedTask;
    }

    [Fact]
    public async Task Nothing_an_echoing_API_returns_puts_the_key_in_a_model_an_exception_or_a_log()
    {
        await using var api = new EchoingApi();
        var logs = new FakeLogCollector();
        using var loggerFactory = LoggerFactory.Create(b => b.SetMinimumLevel(LogLevel.Trace).AddProvider(new FakeLoggerProvider(logs)));
        var clock = new FakeTimeProvider(FakeClock.Start);
        using var client = new NanoBananaClient(new NanoBananaClientOptions { ApiKey = Key, BaseUrl = api.Url, RequestTimeout = TimeSpan.FromDays(1) },
            null, null, loggerFactory, clock);
        var seen = new List<string>();

        var done = await client.StartGenerationAsync("a banana");
        var result = await Drive(done.WaitForCompletionAsync(), clock);
        seen.Add(JsonSerializer.Serialize(result.Task, Reflective));
        seen.Add(string.Join(" ", result.OutputUrls));
        seen.Add(JsonSerializer.Serialize(await client.GetTaskAsync(done.TaskId), Reflective));
        seen.Add(JsonSerializer.Serialize(await client.GetCreditsAsync(), Reflective));

        var failed = await client.StartGenerationAsync("a banana [fail]");
        var failure = await Assert.ThrowsAsync<NanoBananaTaskFailedException>(() => Drive(failed.WaitForCompletionAsync(), clock));
        seen.Add(failure.ToString());
        seen.Add(JsonSerializer.Serialize(failure.Task, Reflective));

        var unknown = await client.StartGenerationAsync("a banana [unknown]");
        var timeout = await Assert.ThrowsAsync<NanoBananaWaitTimeoutException>(() => Drive(unknown.WaitForCompletionAsync(TimeSpan.FromSeconds(30)), clock));
        seen.Add(timeout.ToString());

        seen.Add((await Assert.ThrowsAsync<NanoBananaNotFoundException>(() => client.GetTaskAsync("missing-task"))).ToString());
        seen.AddRange(logs.GetSnapshot().Select(r => r.Message + " " + r.Exception));

        // The double did echo it, in every kind of body.
        Assert.Equal("Bearer " + Key, api.Requests[0].Authorization);
        Assert.Contains(logs.GetSnapshot(), r => r.Message.Contains("does not know", StringComparison.Ordinal));
        Assert.All(seen, text => Assert.DoesNotContain(Key, text, StringComparison.Ordinal));
        Assert.Contains(NanoBananaRedactor.Mask, failure.Message, StringComparison.Ordinal);
        Assert.Contains(NanoBananaRedactor.Mask, timeout.Message, StringComparison.Ordinal);
    }

    private static async Task<T> Drive<T>(Task<T> operation, FakeTimeProvider clock)
    {
        await FakeClock.DriveAsync(operation, clock, step: TimeSpan.FromSeconds(1));
        return await operation;
    }
}

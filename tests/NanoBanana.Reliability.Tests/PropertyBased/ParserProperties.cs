using System.Text;
using CsCheck;
using NanoBanana.Client;

namespace NanoBanana.Reliability.Tests.PropertyBased;

/// <summary>
/// The callback parser and the error-envelope parser, fed arbitrary bytes and arbitrary JSON: they succeed or raise
/// their documented exception, never another one, and never quote the key.
/// </summary>
public sealed class ParserProperties
{
    private const long Iterations = 3000;

    [Fact]
    public void The_callback_parser_on_arbitrary_bytes_returns_a_task_or_throws_NanoBananaCallbackException() =>
        Gen.Byte.Array[0, 1024].Sample(ParseCallback, iter: Iterations);

    [Fact]
    public void The_callback_parser_on_arbitrary_JSON_returns_a_task_or_throws_NanoBananaCallbackException() =>
        JsonGen.Node(4).Select(JsonGen.ToText).Sample(body => ParseCallback(Encoding.UTF8.GetBytes(body)), iter: Iterations);

    [Fact]
    public void The_callback_parser_on_task_like_objects_returns_a_valid_task_or_throws_NanoBananaCallbackException() =>
        JsonGen.TaskLike.Select(JsonGen.ToText).Sample(body =>
        {
            ParseCallback(Encoding.UTF8.GetBytes(body));
            // The string and stream overloads agree with the bytes overload.
            var viaString = Outcome(() => TaskCallback.Parse(body));
            var viaStream = Outcome(() => TaskCallback.ParseAsync(new MemoryStream(Encoding.UTF8.GetBytes(body))).GetAwaiter().GetResult());
            Assert.Equal(viaString, viaStream);
        }, iter: Iterations);

    [Fact]
    public void The_error_envelope_parser_maps_any_body_and_status_to_the_exception_family_without_the_key() =>
        Gen.Select(Gen.Int[100, 599], JsonGen.Body, JsonGen.Text).Sample((status, body, retryAfter) =>
        {
            var headers = new Dictionary<string, IEnumerable<string>> { ["Retry-After"] = [retryAfter] };
            var transport = new NanoBananaTransportException("transport", status, body, headers, null);

            var mapped = ErrorMapper.Map(transport, null, "get_task", new NanoBananaRedactor([JsonGen.Key]), TimeSpan.FromSeconds(30));

            Assert.IsAssignableFrom<NanoBananaException>(mapped);
            Assert.Equal(status, mapped.StatusCode);
            Assert.DoesNotContain(JsonGen.Key, mapped.Message, StringComparison.Ordinal);
            Assert.DoesNotContain(JsonGen.Key, mapped.ResponseExcerpt ?? "", StringComparison.Ordinal);
            if (mapped.ErrorCode is { } code)
            {
                // A typed exception only for a documented (status, code) pair; anything else is the base type.
                var expected = FaultMatrix.FaultTable.TypeOf(code);
                var documented = Testing.ApiStubs.DocumentedErrors.Any(e => e.Code == code && e.Status == status);
                Assert.Equal(documented ? expected : nameof(NanoBananaException), mapped.GetType().Name);
            }
        }, iter: Iterations);

    private static void ParseCallback(byte[] body)
    {
        GenerationTask task;
        try
        {
            task = TaskCallback.Parse(body);
        }
        catch (NanoBananaCallbackException)
        {
            // The documented failure. (The parser holds no key: a callback body is the sender's data, quoted as such.)
            return;
        }

        // A parsed callback always names a usable task id (ConfirmCallbackAsync will request it).
        Assert.Matches("^[A-Za-z0-9_-]{1,128}$", task.Id);
        // ... and a status: any non-empty string (a status added later is kept, not rejected).
        Assert.NotEqual(string.Empty, task.Status.ToString());
    }

    private static string Outcome(Func<GenerationTask> parse)
    {
        try
        {
            var task = parse();
            return $"{task.Id} {task.Status}";
        }
        catch (NanoBananaCallbackException)
        {
            return nameof(NanoBananaCallbackException);
        }
    }
}

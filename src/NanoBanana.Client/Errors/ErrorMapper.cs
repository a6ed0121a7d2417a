using System.Text.Json;
using Polly.Timeout;

namespace NanoBanana.Client;

/// <summary>
/// Turns whatever an API call threw (the transport's exceptions, network errors, timeouts, unreadable or
/// oversized bodies) into the <see cref="NanoBananaException"/> family, once per attempt: the exception type
/// and its <see cref="FailureClass"/> come from <see cref="FailureClassifier"/>. Never lets a JsonException or a
/// NullReferenceException out, and runs any text it keeps through the client's <see cref="NanoBananaRedactor"/>.
/// </summary>
internal static class ErrorMapper
{
    private const int MaxExcerptChars = 512;

    /// <summary>The client's error for <paramref name="exception"/>.</summary>
    /// <param name="exception">What the attempt threw.</param>
    /// <param name="scope">What the attempt saw of its response, if it ran in a scope.</param>
    /// <param name="operation">The operation, for the message.</param>
    /// <param name="redactor">The client's redactor, for any text kept.</param>
    /// <param name="timedOutAfter">The attempt's own timeout, when it fired (the cancellation is then a timeout).</param>
    public static NanoBananaException Map(Exception exception, ApiCallScope? scope, string operation, NanoBananaRedactor redactor, TimeSpan? timedOutAfter = null)
    {
        switch (exception)
        {
            case NanoBananaException known:
                return known;
            case NanoBananaTransportException transport:
                return FromResponse(transport, scope, operation, redactor);
            case TimeoutRejectedException timeout: // a download attempt's timeout (Polly's timeout strategy)
                return new NanoBananaNetworkException($"{operation}: the request timed out after {timeout.Timeout}.", requestNotSent: false, isTimeout: true, timeout);
            case OperationCanceledException canceled when timedOutAfter is { } after:
                return new NanoBananaNetworkException($"{operation}: the request timed out after {after} (RequestTimeout).", requestNotSent: false, isTimeout: true, canceled);
            case OperationCanceledException canceled:
                // HttpClient.Timeout of a caller-supplied HttpClient (the caller's own token was not canceled).
                return new NanoBananaNetworkException($"{operation}: the request timed out (HttpClient.Timeout).", requestNotSent: false, isTimeout: true, canceled);
        }

        if (FindInChain<ResponseTooLargeException>(exception) is { } tooLarge)
        {
            return new NanoBananaException($"{operation}: {tooLarge.Message}", scope?.StatusCode, responseExcerpt: Redact(scope?.Excerpt, redactor), innerException: tooLarge);
        }

        if (exception is HttpRequestException http)
        {
            // Only a connection that could not be made, or a name that did not resolve, proves the request was never sent.
            var notSent = http.HttpRequestError is HttpRequestError.ConnectionError or HttpRequestError.NameResolutionError;
            return new NanoBananaNetworkException(
                $"{operation}: network error ({http.HttpRequestError}): {Redact(http.Message, redactor)}", notSent, isTimeout: false, http);
        }

        if (exception is IOException io)
        {
            return new NanoBananaNetworkException($"{operation}: the connection failed while reading the response: {Redact(io.Message, redactor)}", requestNotSent: false, isTimeout: false, io);
        }

        if (exception is JsonException json)
        {
            return new NanoBananaException($"{operation}: the response could not be read as JSON.", scope?.StatusCode, responseExcerpt: Redact(scope?.Excerpt, redactor), innerException: Sanitize(json, redactor));
        }

        return new NanoBananaException($"{operation}: unexpected error: {exception.GetType().Name}.", scope?.StatusCode, innerException: exception);
    }

    private static NanoBananaException FromResponse(NanoBananaTransportException transport, ApiCallScope? scope, string operation, NanoBananaRedactor redactor)
    {
        var status = transport.StatusCode;
        var excerpt = Redact(Truncate(string.IsNullOrEmpty(transport.Response) ? scope?.Excerpt : transport.Response), redactor);
        // The scope recorded Retry-After when the response arrived (every API call runs in one).
        var retryAfter = scope?.RetryAfter;
        var detail = (transport as NanoBananaTransportException<ErrorResponse>)?.Result?.Error ?? TryReadEnvelope(transport.Response);

        if (status is >= 200 and < 300)
        {
            return new NanoBananaException(
                $"{operation}: the response (HTTP {status}) is not the documented body.", status, retryAfter: retryAfter, responseExcerpt: excerpt, innerException: Sanitize(transport.InnerException, redactor));
        }

        if (detail is null || string.IsNullOrEmpty(detail.Code))
        {
            return new NanoBananaException(
                $"{operation}: HTTP {status}, and the body is not the API's error envelope.", status, retryAfter: retryAfter, responseExcerpt: excerpt, innerException: Sanitize(transport.InnerException, redactor));
        }

        var code = detail.Code;
        var type = string.IsNullOrEmpty(detail.Type) ? null : detail.Type;
        var message = Redact($"{operation}: HTTP {status} {code} ({type ?? "no type"}): {Truncate(detail.Message)}", redactor)!;
        return FailureClassifier.Find(status, code) is { } documented
            ? documented.Create(message, status, code, type, retryAfter, excerpt)
            : new NanoBananaException(message, status, code, type, retryAfter, excerpt);
    }

    private static ErrorDetail? TryReadEnvelope(string? body)
    {
        if (string.IsNullOrWhiteSpace(body)) return null;
        try
        {
            return JsonSerializer.Deserialize(body, NanoBananaTransport.TypeInfo<ErrorResponse>())?.Error;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static T? FindInChain<T>(Exception? exception) where T : Exception
    {
        for (var e = exception; e is not null; e = e.InnerException)
        {
            if (e is T match) return match;
        }

        return null;
    }

    private static string? Truncate(string? text) =>
        text is null ? null : text.Length <= MaxExcerptChars ? text : text[..MaxExcerptChars] + "...";

    /// <summary>
    /// A cause safe to keep: System.Text.Json quotes bad tokens of the body in its messages, and a server may echo
    /// the request; such a cause is replaced by one with the secrets removed.
    /// </summary>
    private static Exception? Sanitize(Exception? inner, NanoBananaRedactor redactor)
    {
        if (inner is null) return null;
        var text = inner.ToString();
        if (redactor.Redact(text) == text) return inner;
        return inner is JsonException json
            ? new JsonException(redactor.Redact(json.Message), json.Path, json.LineNumber, json.BytePositionInLine)
            : new InvalidDataException(redactor.Redact(inner.Message));
    }

    /// <summary>Runs text that came from outside through the redactor (a server may echo the request).</summary>
    internal static string? Redact(string? text, NanoBananaRedactor redactor) => redactor.Redact(text);
}

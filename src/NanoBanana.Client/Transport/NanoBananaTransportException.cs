namespace NanoBanana.Client;

// CUSTOM: the exception the generated transport throws (NSwag's exceptionClass; generateExceptionClasses is off so
// that it stays internal). ErrorMapper turns it into the public NanoBananaException family; callers never see it.

/// <summary>A response the generated transport could not turn into its result: an undeclared status or an unreadable body.</summary>
internal class NanoBananaTransportException : Exception
{
    public NanoBananaTransportException(string message, int statusCode, string? response,
        IReadOnlyDictionary<string, IEnumerable<string>> headers, Exception? innerException)
        : base(message + "\n\nStatus: " + statusCode, innerException)
    {
        StatusCode = statusCode;
        Response = response;
        Headers = headers;
    }

    public int StatusCode { get; }

    public string? Response { get; }

    public IReadOnlyDictionary<string, IEnumerable<string>> Headers { get; }
}

/// <summary>A declared error response, with its body read as <typeparamref name="TResult"/>.</summary>
internal sealed class NanoBananaTransportException<TResult> : NanoBananaTransportException
{
    public NanoBananaTransportException(string message, int statusCode, string? response,
        IReadOnlyDictionary<string, IEnumerable<string>> headers, TResult result, Exception? innerException)
        : base(message, statusCode, response, headers, innerException)
    {
        Result = result;
    }

    public TResult Result { get; }
}

namespace NanoBanana.Client;

/// <summary>A response body grew past the configured limit; mapped to <see cref="NanoBananaException"/> by the client.</summary>
internal sealed class ResponseTooLargeException(long maxBytes)
    : IOException($"The response body is larger than the limit of {maxBytes} bytes (MaxResponseBytes).")
{
    public long MaxBytes { get; } = maxBytes;
}

namespace NanoBanana.Client;

/// <summary>
/// No usable response arrived: the connection failed, dropped, or the attempt timed out
/// (<see cref="NanoBananaClientOptions.RequestTimeout"/>).
/// </summary>
public sealed class NanoBananaNetworkException : NanoBananaException
{
    /// <summary>Creates the error.</summary>
    /// <param name="message">What went wrong.</param>
    /// <param name="requestNotSent">True when the request certainly never reached the server (the connection could not be made).</param>
    /// <param name="isTimeout">True when the attempt timed out.</param>
    /// <param name="innerException">The cause.</param>
    /// <param name="transient">Whether trying again may succeed.</param>
    public NanoBananaNetworkException(string message, bool requestNotSent, bool isTimeout, Exception? innerException, bool transient = true)
        : base(message, innerException: innerException)
    {
        RequestNotSent = requestNotSent;
        IsTimeout = isTimeout;
        Class = FailureClassifier.Classify(
            !transient ? FailureKind.Final : requestNotSent ? FailureKind.NotSent : isTimeout ? FailureKind.Timeout : FailureKind.ConnectionLost);
        Category = NanoBananaFailureCategory.Network;
    }

    /// <summary>True when the request certainly never reached the server (the connection could not be made).</summary>
    public bool RequestNotSent { get; }

    /// <summary>True when the attempt timed out.</summary>
    public bool IsTimeout { get; }
}

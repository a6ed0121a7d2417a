namespace NanoBanana.Client;

/// <summary>A callback body that is not a task object (not JSON, no id, no or an unknown status).</summary>
public sealed class NanoBananaCallbackException : FormatException
{
    /// <summary>Creates the error.</summary>
    /// <param name="message">What is wrong with the body.</param>
    /// <param name="innerException">The parser's error, if any.</param>
    public NanoBananaCallbackException(string message, Exception? innerException = null)
        : base(message, innerException)
    {
    }
}

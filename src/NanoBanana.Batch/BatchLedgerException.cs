namespace NanoBanana.Batch;

/// <summary>
/// The ledger cannot be used: it cannot be created or written (a read-only file or folder, a full disk), or it
/// records another batch (its input hash differs). Raised before any create is sent.
/// </summary>
public sealed class BatchLedgerException : Exception
{
    /// <summary>Creates the error.</summary>
    /// <param name="message">What is wrong, naming the ledger's path.</param>
    /// <param name="innerException">The cause, if any.</param>
    public BatchLedgerException(string message, Exception? innerException = null)
        : base(message, innerException)
    {
    }
}

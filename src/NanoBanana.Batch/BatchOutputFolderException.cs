namespace NanoBanana.Batch;

/// <summary>The output folder belongs to another batch (or its marker cannot be read). Raised before any create is sent.</summary>
public sealed class BatchOutputFolderException : Exception
{
    /// <summary>Creates the error.</summary>
    /// <param name="message">What is wrong, naming the folder.</param>
    public BatchOutputFolderException(string message)
        : base(message)
    {
    }
}

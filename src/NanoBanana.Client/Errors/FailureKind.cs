namespace NanoBanana.Client;

/// <summary>How an attempt failed when no usable response arrived.</summary>
internal enum FailureKind
{
    /// <summary>The connection could not be made (or the name did not resolve): the request never left.</summary>
    NotSent,

    /// <summary>The connection failed after the request may have gone out.</summary>
    ConnectionLost,

    /// <summary>The attempt ran out of time (RequestTimeout, DownloadTimeout or HttpClient.Timeout).</summary>
    Timeout,

    /// <summary>A failure trying again cannot mend (a download that cannot resume).</summary>
    Final,
}

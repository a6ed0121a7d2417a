namespace NanoBanana.Reliability.Tests.FaultMatrix;

/// <summary>The four client operations the matrix covers.</summary>
public enum ApiOperation
{
    Create,
    GetTask,
    Credits,
    Download,
}

/// <summary>What a fault row expects: the outcome, how many requests the faulty server saw, how many reached another host.</summary>
/// <param name="Outcome"><c>result</c>, or the exception's type name (an unknown create outcome also names its cause).</param>
/// <param name="Requests">Requests the server of the operation received (the fault's target).</param>
/// <param name="OtherHost">Requests that reached a different host (a redirect target).</param>
/// <param name="MinWait">The least (fake) time the call must have waited, for Retry-After rows.</param>
public sealed record Expectation(string Outcome, int Requests, int OtherHost = 0, TimeSpan? MinWait = null)
{
    public const string Result = "result";
}

/// <summary>One row of the fault matrix: an operation under a fault, and what must happen.</summary>
public sealed record FaultCase(ApiOperation Operation, Fault Fault, Expectation Expected)
{
    /// <summary>
    /// The fault answers with a status (and code) the spec does not declare for this operation: the row shows the
    /// client handles it anyway. <see cref="FaultMatrixSpecTests"/> holds this marking to the spec.
    /// </summary>
    public bool Undeclared { get; init; }

    /// <summary>The row's name in test output: <c>GetTask / 429 Retry-After (HTTP-date)</c>.</summary>
    public override string ToString() => $"{Operation} / {Fault.Name}";
}

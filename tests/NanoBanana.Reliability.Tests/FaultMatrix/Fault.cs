namespace NanoBanana.Reliability.Tests.FaultMatrix;

/// <summary>Where a fault is produced.</summary>
public enum FaultSource
{
    /// <summary><c>NanoBananaSimulator.InjectFault</c>: the simulator answers the fault, then serves normally.</summary>
    Simulator,

    /// <summary>A WireMock.Net scenario: the fault response first, then the catalogue's normal answer.</summary>
    WireMock,

    /// <summary>A raw socket server (<see cref="HostileServer"/>), for faults below HTTP.</summary>
    Socket,
}

/// <summary>
/// A fault: its name and description for the published matrix, where it comes from, how the rig sets it up for
/// an operation, and what each operation must do under it.
/// </summary>
public sealed record Fault(
    string Name,
    string Description,
    FaultSource Source,
    Func<FaultRig, ApiOperation, Task> Arrange,
    Func<ApiOperation, Expectation> Expect)
{
    /// <summary>While its first request is in flight, fake time may move (the fault stalls until the client times out).</summary>
    public bool Stalls { get; init; }

    /// <summary>The client uses its own default HttpClient (no test handler), so its redirect policy is what is tested.</summary>
    public bool ClientDefaultHandler { get; init; }

    /// <summary>The HTTP status the fault answers with, when it answers with an error status (null for faults below HTTP and for 200s).</summary>
    public int? Status { get; init; }

    /// <summary>The error code of the envelope it answers with (null when the body is not the API's error envelope).</summary>
    public string? ErrorCode { get; init; }

    public override string ToString() => Name;
}

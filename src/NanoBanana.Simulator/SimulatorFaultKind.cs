namespace NanoBanana.Simulator;

/// <summary>What a <see cref="SimulatorFault"/> does to a request.</summary>
public enum SimulatorFaultKind
{
    /// <summary>Answers a documented error instead of handling the request.</summary>
    Error,

    /// <summary>Waits (on the simulator's <see cref="TimeProvider"/>) before handling the request normally.</summary>
    Delay,

    /// <summary>Handles the request (a create does create and bill its task), then drops the connection before the answer is complete.</summary>
    DropConnection,

    /// <summary>Handles the request, then answers 200 with a truncated, unparseable JSON body.</summary>
    MalformedBody,

    /// <summary>Answers 429 <c>rate_limit_exceeded</c> with a <c>Retry-After</c> header.</summary>
    RateLimit,
}

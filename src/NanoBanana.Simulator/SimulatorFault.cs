namespace NanoBanana.Simulator;

/// <summary>
/// A fault injected for the next <see cref="Times"/> requests matching <see cref="Operation"/>
/// (see <see cref="NanoBananaSimulator.InjectFault"/>). Build one with the static factories.
/// </summary>
public sealed record SimulatorFault
{
    private SimulatorFault(SimulatorFaultKind kind) => Kind = kind;

    /// <summary>What the fault does.</summary>
    public SimulatorFaultKind Kind { get; }

    /// <summary>The documented error code answered by an <see cref="SimulatorFaultKind.Error"/> fault.</summary>
    public string? ErrorCode { get; private init; }

    /// <summary>The wait of a <see cref="SimulatorFaultKind.Delay"/> fault.</summary>
    public TimeSpan Delay { get; private init; }

    /// <summary>The <c>Retry-After</c> sent by a rate-limit fault (and by 429/503 error faults); null sends none.</summary>
    public TimeSpan? RetryAfter { get; private init; }

    /// <summary>How many matching requests the fault applies to.</summary>
    public int Times { get; private init; } = 1;

    /// <summary>Which requests the fault applies to.</summary>
    public SimulatorOperation Operation { get; private init; } = SimulatorOperation.Any;

    /// <summary>Answer a documented error (such as <c>internal_error</c> or <c>upstream_error</c>) with its documented status and type.</summary>
    /// <param name="code">A code from the docs' error table.</param>
    /// <param name="times">How many matching requests get the error.</param>
    /// <param name="operation">Which requests.</param>
    /// <param name="retryAfter">A <c>Retry-After</c> to send with the error; null sends none.</param>
    public static SimulatorFault Error(string code, int times = 1, SimulatorOperation operation = SimulatorOperation.Any, TimeSpan? retryAfter = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(code);
        if (!SimulatorErrors.IsDocumented(code))
        {
            throw new ArgumentException($"'{code}' is not a documented error code; use one of: {string.Join(", ", SimulatorErrors.Codes)}.", nameof(code));
        }

        return new SimulatorFault(SimulatorFaultKind.Error) { ErrorCode = code, Times = CheckTimes(times), Operation = operation, RetryAfter = retryAfter };
    }

    /// <summary>Wait <paramref name="delay"/> (on the simulator's clock) before answering normally.</summary>
    public static SimulatorFault Latency(TimeSpan delay, int times = 1, SimulatorOperation operation = SimulatorOperation.Any)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(delay, TimeSpan.Zero);
        return new SimulatorFault(SimulatorFaultKind.Delay) { Delay = delay, Times = CheckTimes(times), Operation = operation };
    }

    /// <summary>Handle the request, then drop the connection before the answer is complete (a create's outcome is then unknown to the caller).</summary>
    public static SimulatorFault DropConnection(int times = 1, SimulatorOperation operation = SimulatorOperation.Any) =>
        new(SimulatorFaultKind.DropConnection) { Times = CheckTimes(times), Operation = operation };

    /// <summary>Handle the request, then answer 200 with a truncated JSON body.</summary>
    public static SimulatorFault MalformedBody(int times = 1, SimulatorOperation operation = SimulatorOperation.Any) =>
        new(SimulatorFaultKind.MalformedBody) { Times = CheckTimes(times), Operation = operation };

    /// <summary>Answer 429 <c>rate_limit_exceeded</c> with <c>Retry-After</c> (whole seconds, rounded up).</summary>
    public static SimulatorFault RateLimit(TimeSpan retryAfter, int times = 1, SimulatorOperation operation = SimulatorOperation.Any)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(retryAfter, TimeSpan.Zero);
        return new SimulatorFault(SimulatorFaultKind.RateLimit) { RetryAfter = retryAfter, Times = CheckTimes(times), Operation = operation };
    }

    private static int CheckTimes(int times)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(times, 1);
        return times;
    }
}

namespace NanoBanana.Simulator;

/// <summary>A way in which an exchange departs from the contract.</summary>
/// <param name="Subject">The stub or exchange, by name.</param>
/// <param name="Message">What is wrong, naming the spec's expectation.</param>
internal sealed record ContractViolation(string Subject, string Message)
{
    /// <inheritdoc />
    public override string ToString() => $"{Subject}: {Message}";
}

namespace NanoBanana.Simulator;

/// <summary>Thrown by <see cref="ContractChecker.Assert"/>: the exchange departs from the contract.</summary>
internal sealed class ContractViolationException : Exception
{
    /// <summary>Creates the exception listing <paramref name="violations"/>.</summary>
    public ContractViolationException(IReadOnlyList<ContractViolation> violations)
        : base("The exchange departs from the contract:" + Environment.NewLine + string.Join(Environment.NewLine, violations.Select(v => "  " + v)))
    {
        Violations = violations;
    }

    /// <summary>The violations.</summary>
    public IReadOnlyList<ContractViolation> Violations { get; }
}

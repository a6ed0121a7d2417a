using NanoBanana.Simulator;

namespace NanoBanana.Testing;

/// <summary>A stub as the <see cref="ContractChecker"/> sees it.</summary>
internal static class ApiStubContract
{
    /// <summary>The stub's request and answer, with the body fields its request matcher refers to.</summary>
    public static ContractExchange ToExchange(this ApiStub stub) =>
        new(stub.Name, stub.Method, stub.Path, stub.Status, stub.Body, stub.Headers, stub.RequestBodyMatch?.Keys.ToList());

    /// <summary>Every way the stub departs from the contract (empty when it conforms).</summary>
    public static IReadOnlyList<ContractViolation> CheckAgainstContract(this ApiStub stub) => ContractChecker.Default.Check(stub.ToExchange());
}

namespace NanoBanana.Simulator;

/// <summary>A request the simulator received, for assertions in tests.</summary>
/// <param name="Operation">What was asked (<see cref="SimulatorOperation.Any"/> for a path the API does not have).</param>
/// <param name="Method">HTTP method.</param>
/// <param name="Path">Request path.</param>
/// <param name="Body">Request body, or null.</param>
/// <param name="Authorization">The <c>Authorization</c> header as received, or null (to prove a key is, or is not, sent).</param>
/// <param name="ReceivedAt">When, on the simulator's clock.</param>
public sealed record SimulatorRequest(SimulatorOperation Operation, string Method, string Path, string? Body, string? Authorization, DateTimeOffset ReceivedAt)
{
    /// <summary>Hides the key.</summary>
    public override string ToString() => $"{Method} {Path}";
}

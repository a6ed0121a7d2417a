namespace NanoBanana.Testing;

/// <summary>A row of the docs' error table: HTTP status, code, type and description.</summary>
public sealed record DocumentedError(int Status, string Code, string Type, string Message)
{
    public override string ToString() => $"{Status} {Code}";
}

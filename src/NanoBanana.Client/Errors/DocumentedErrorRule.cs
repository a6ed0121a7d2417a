namespace NanoBanana.Client;

/// <summary>A row of the contract's error table.</summary>
/// <param name="Status">The HTTP status.</param>
/// <param name="Code">The API's <c>error.code</c>.</param>
/// <param name="Class">How the error is treated.</param>
/// <param name="Create">Makes the exception: message, status, code, type, Retry-After, body excerpt.</param>
internal sealed record DocumentedErrorRule(int Status, string Code, FailureClass Class,
    Func<string, int, string, string?, TimeSpan?, string?, NanoBananaException> Create);

namespace NanoBanana.Simulator;

/// <summary>
/// One request and its answer, as a stub defines it or as a server gave it, for <see cref="ContractChecker"/>.
/// </summary>
/// <param name="Name">What to call it in violations, such as a stub's name.</param>
/// <param name="Method">HTTP method of the request.</param>
/// <param name="Path">Concrete request path, such as <c>/v1/tasks/abc</c>.</param>
/// <param name="Status">HTTP status of the answer.</param>
/// <param name="Body">JSON body of the answer, or null for none.</param>
/// <param name="Headers">Headers of the answer beyond Content-Type (such as <c>Retry-After</c>).</param>
/// <param name="RequestBodyFields">Request body fields a stub's request matcher refers to, dotted (<c>input.aspect_ratio</c>).</param>
internal sealed record ContractExchange(
    string Name,
    string Method,
    string Path,
    int Status,
    string? Body,
    IReadOnlyDictionary<string, string>? Headers = null,
    IReadOnlyCollection<string>? RequestBodyFields = null)
{
    /// <inheritdoc />
    public override string ToString() => Name;
}

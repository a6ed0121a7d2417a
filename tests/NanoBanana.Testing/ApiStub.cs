namespace NanoBanana.Testing;

/// <summary>
/// One canned answer of the API: the request it answers (method and path) and the response (status,
/// headers, body). Every stub in <see cref="ApiStubs"/> is checked against the contract.
/// </summary>
/// <param name="Name">A name for messages, such as <c>getTask 404 task_not_found</c>.</param>
/// <param name="OperationId">The contract's operationId this stub answers.</param>
/// <param name="Method">HTTP method.</param>
/// <param name="Path">The concrete request path, such as <c>/v1/tasks/abc</c>.</param>
/// <param name="Status">HTTP status of the answer.</param>
/// <param name="Body">JSON body of the answer, or null for none.</param>
/// <param name="Headers">Response headers beyond Content-Type.</param>
/// <param name="RequestBodyMatch">
/// Request body fields (dotted, such as <c>input.aspect_ratio</c>) and the string values the stub answers; null
/// answers every request to the path. The contract tests check each field exists in the request schema.
/// </param>
public sealed record ApiStub(
    string Name,
    string OperationId,
    string Method,
    string Path,
    int Status,
    string? Body,
    IReadOnlyDictionary<string, string>? Headers = null,
    IReadOnlyDictionary<string, string>? RequestBodyMatch = null)
{
    public override string ToString() => Name;
}

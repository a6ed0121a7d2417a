using System.Text.Json.Nodes;

namespace NanoBanana.Contract.Tests.Transports;

/// <summary>
/// One generated client of the contract (NSwag's transport or Kiota's client), driven the same way by the
/// conformance tests. Each test runs against both: where they disagree, the spec is ambiguous.
/// </summary>
public abstract class GeneratedTransport : IDisposable
{
    /// <summary>The generators under test.</summary>
    public static IReadOnlyList<string> Names { get; } = ["NSwag", "Kiota"];

    /// <summary>Theory data: one row per generator.</summary>
    public static TheoryData<string> All() => new(Names);

    /// <summary>The generated client named <paramref name="name"/>, sending to <paramref name="baseUrl"/>.</summary>
    public static GeneratedTransport Create(string name, Uri baseUrl) => name switch
    {
        "NSwag" => new NSwagTransport(baseUrl),
        "Kiota" => new KiotaTransport(baseUrl),
        _ => throw new ArgumentOutOfRangeException(nameof(name), name, "unknown generator"),
    };

    /// <summary>Sends a create built from the generated request types (enum members by their C# name).</summary>
    public abstract Task CreateTaskAsync(CreateRequest request);

    /// <summary>Reads a task with the generated query operation.</summary>
    public abstract Task<TaskView> GetTaskAsync(string taskId);

    /// <summary>Calls the operation, which must fail, and returns the error as the generated code surfaces it.</summary>
    public abstract Task<ErrorView> ReadErrorAsync(string operationId, string taskId);

    /// <summary>
    /// Reads <paramref name="json"/> into the generated model of <paramref name="schemaName"/> and writes it back. With
    /// <paramref name="typedOnly"/>, only what the model's typed members hold is written: a field the model keeps only
    /// in its bag of unknown fields (<c>AdditionalProperties</c>, Kiota's <c>AdditionalData</c>) is left out.
    /// </summary>
    public abstract JsonNode RoundTrip(string schemaName, string json, bool typedOnly = false);

    /// <summary>Each member of the generated enum of <paramref name="schemaName"/>: its C# name and its wire value.</summary>
    public abstract IReadOnlyList<(string Name, string Wire)> EnumMembers(string schemaName);

    /// <inheritdoc />
    public abstract void Dispose();
}

/// <summary>A create, in the contract's terms; <see cref="AspectRatio"/> is the generated enum member's name.</summary>
public sealed record CreateRequest(string Prompt, string? AspectRatio = null, IReadOnlyList<string>? ImageUrls = null, string? CallbackUrl = null);

/// <summary>What a generated client read from a task.</summary>
public sealed record TaskView(string Id, string Status, IReadOnlyList<string> OutputUrls, long? CostTime, string? MetadataModel);

/// <summary>The documented error envelope as a generated client surfaces it.</summary>
public sealed record ErrorView(int Status, string? Code, string? Message, string? Type);

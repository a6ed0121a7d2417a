using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using NJsonSchema;
using NSwag;

namespace NanoBanana.Simulator;

/// <summary>
/// The simulator's answer bodies, built from the schemas of the contract it follows (<see cref="SchemaBody"/>):
/// each operation's documented 200 body and error envelope. The simulator writes its behaviour (ids, statuses,
/// timestamps, progress, outputs, errors) onto them, and only into properties the contract defines.
/// </summary>
internal sealed class SimulatorBodies
{
    private readonly ConcurrentDictionary<JsonSchema, JsonObject> _templates = new();

    public SimulatorBodies(ContractSpec spec)
    {
        Created = Response(spec, "createTask", "200");
        Task = Response(spec, "getTask", "200");
        Credits = Response(spec, "getCredits", "200");
        ErrorEnvelope = Response(spec, "getTask", "404");
    }

    /// <summary>The create answer (<c>CreateTaskResponse</c> today).</summary>
    public JsonSchema Created { get; }

    /// <summary>A task, as a query answers it and a callback delivers it (<c>GenerationTask</c> today).</summary>
    public JsonSchema Task { get; }

    /// <summary>The credit balance (<c>CreditsBalance</c> today).</summary>
    public JsonSchema Credits { get; }

    /// <summary>The error envelope every failed request answers with (<c>ErrorResponse</c> today).</summary>
    public JsonSchema ErrorEnvelope { get; }

    /// <summary>A new body of <paramref name="schema"/>: required properties, and optional ones the contract gives a value.</summary>
    public JsonObject New(JsonSchema schema) => (JsonObject)_templates.GetOrAdd(schema.ActualSchema, s => SchemaBody.Object(s)).DeepClone();

    /// <summary>A new body of property <paramref name="name"/> of <paramref name="schema"/>, or null when the contract has no such object property.</summary>
    public JsonObject? New(JsonSchema schema, string name) => SchemaBody.Property(schema, name) is { } property ? New(property) : null;

    /// <summary>The error envelope for <paramref name="code"/> (its documented type, and the documented message unless another is given).</summary>
    public string Error(string code, string? message = null)
    {
        var envelope = New(ErrorEnvelope);
        if (New(ErrorEnvelope, "error") is { } error && SchemaBody.Property(ErrorEnvelope, "error") is { } detail)
        {
            SchemaBody.Set(error, detail, "code", code);
            SchemaBody.Set(error, detail, "message", message ?? SimulatorErrors.MessageOf(code));
            SchemaBody.Set(error, detail, "type", SimulatorErrors.TypeOf(code));
            SchemaBody.Set(envelope, ErrorEnvelope, "error", error);
        }

        return envelope.ToJsonString(SimulatorJson.Options);
    }

    private static JsonSchema Response(ContractSpec spec, string operationId, string status)
    {
        var operation = spec.Document.Operations.FirstOrDefault(o => o.Operation.OperationId == operationId)?.Operation
                        ?? throw new InvalidOperationException($"The contract has no operation '{operationId}'.");
        if (!operation.ActualResponses.TryGetValue(status, out var response)
            || !response.ActualResponse.Content.TryGetValue("application/json", out var media) || media.Schema is null)
        {
            throw new InvalidOperationException($"The contract documents no JSON body for {operationId} {status}.");
        }

        return media.Schema.ActualSchema;
    }
}

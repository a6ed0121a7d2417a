using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using NanoBanana.Client;

namespace NanoBanana.Contract.Tests.Transports;

/// <summary>NSwag's generated transport (generated/NanoBananaTransport.g.cs), as generated: HttpClient.BaseAddress, no key.</summary>
internal sealed class NSwagTransport(Uri baseUrl) : GeneratedTransport
{
    private readonly HttpClient _http = new() { BaseAddress = new Uri(baseUrl.AbsoluteUri.TrimEnd('/') + "/") };

    private NanoBananaTransport Transport => new(_http);

    public override Task CreateTaskAsync(CreateRequest request) => Transport.CreateTaskAsync(new GenerationRequest
    {
        Model = ImageModel.NanoBanana2Lite,
        CallbackUrl = request.CallbackUrl is null ? null : new Uri(request.CallbackUrl),
        Input = new GenerationInput
        {
            Prompt = request.Prompt,
            ImageUrls = request.ImageUrls?.Select(u => new Uri(u)).ToList(),
            AspectRatio = request.AspectRatio is null ? null : Enum.Parse<AspectRatio>(request.AspectRatio),
        },
    }, CancellationToken.None);

    public override async Task<TaskView> GetTaskAsync(string taskId)
    {
        var task = await Transport.GetTaskAsync(taskId, CancellationToken.None);
        return new TaskView(task.Id, task.Status.ToString(), task.Output?.Urls.Select(u => u.ToString()).ToList() ?? [], task.Output?.Metadata?.CostTime, task.Output?.Metadata?.Model);
    }

    public override async Task<ErrorView> ReadErrorAsync(string operationId, string taskId)
    {
        try
        {
            await (operationId switch
            {
                "createTask" => CreateTaskAsync(new CreateRequest("a banana")),
                "getTask" => Transport.GetTaskAsync(taskId, CancellationToken.None),
                "getCredits" => Transport.GetCreditsAsync(CancellationToken.None),
                _ => throw new ArgumentOutOfRangeException(nameof(operationId)),
            });
        }
        catch (NanoBananaTransportException<ErrorResponse> e)
        {
            return new ErrorView(e.StatusCode, e.Result.Error.Code, e.Result.Error.Message, e.Result.Error.Type);
        }

        throw new InvalidOperationException($"{operationId} did not fail");
    }

    public override JsonNode RoundTrip(string schemaName, string json, bool typedOnly = false)
    {
        var type = typeof(GenerationRequest).Assembly.GetType("NanoBanana.Client." + schemaName, throwOnError: true)!;
        var model = JsonSerializer.Deserialize(json, type, NanoBananaTransport.SerializerOptions)!;
        return JsonNode.Parse(JsonSerializer.Serialize(model, type, typedOnly ? TypedOnly : NanoBananaTransport.SerializerOptions))!;
    }

    /// <summary>The transport's serializer options, writing no extension data (the models' bag of unknown fields).</summary>
    private static readonly JsonSerializerOptions TypedOnly = new(NanoBananaTransport.SerializerOptions)
    {
        TypeInfoResolver = (NanoBananaTransport.SerializerOptions.TypeInfoResolver ?? new DefaultJsonTypeInfoResolver())
            .WithAddedModifier(info =>
            {
                foreach (var property in info.Properties.Where(p => p.IsExtensionData).ToList()) info.Properties.Remove(property);
            }),
    };

    public override IReadOnlyList<(string Name, string Wire)> EnumMembers(string schemaName)
    {
        var type = typeof(GenerationRequest).Assembly.GetType("NanoBanana.Client." + schemaName, throwOnError: true)!;
        if (!type.IsEnum)
        {
            // An extensible value type (GenerationTaskStatus): its documented members are its static properties of its own type.
            return type.GetProperties(System.Reflection.BindingFlags.Public | System.Reflection.BindingFlags.Static)
                .Where(p => p.PropertyType == type)
                .Select(p => (p.Name, JsonSerializer.SerializeToNode(p.GetValue(null), type, NanoBananaTransport.SerializerOptions)!.GetValue<string>()))
                .ToList();
        }

        // The test's own reflection over the generated enum (the client's context knows only the wire types' members).
        var options = new JsonSerializerOptions { Converters = { new JsonStringEnumConverter() }, TypeInfoResolver = new System.Text.Json.Serialization.Metadata.DefaultJsonTypeInfoResolver() };
        return Enum.GetValues(type).Cast<object>()
            .Select(v => (v.ToString()!, JsonSerializer.SerializeToNode(v, type, options)!.GetValue<string>()))
            .ToList();
    }

    public override void Dispose() => _http.Dispose();
}

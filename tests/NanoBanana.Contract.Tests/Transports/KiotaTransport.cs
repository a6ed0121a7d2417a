using System.Reflection;
using System.Runtime.Serialization;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.Kiota.Abstractions.Serialization;
using Microsoft.Kiota.Serialization.Json;
using NanoBanana.Kiota;
using NanoBanana.Kiota.Models;

namespace NanoBanana.Contract.Tests.Transports;

/// <summary>Kiota's generated client (generated/Kiota/), built by NanoBanana.Kiota's factory over a plain HttpClient.</summary>
internal sealed class KiotaTransport : GeneratedTransport
{
    private readonly HttpClient _http = new();
    private readonly NanoBananaKiotaClient _client;

    public KiotaTransport(Uri baseUrl) =>
        _client = NanoBananaKiotaClientFactory.Create(new NanoBananaKiotaOptions { ApiKey = "sk-conformance", BaseUrl = baseUrl }, _http);

    public override Task CreateTaskAsync(CreateRequest request) => _client.V1.Images.Generations.PostAsync(new GenerationRequest
    {
        Model = ImageModel.NanoBanana2Lite,
        CallbackUrl = request.CallbackUrl,
        Input = new GenerationInput
        {
            Prompt = request.Prompt,
            ImageUrls = request.ImageUrls?.ToList(),
            AspectRatio = request.AspectRatio is null ? null : Enum.Parse<AspectRatio>(request.AspectRatio),
        },
    });

    public override async Task<TaskView> GetTaskAsync(string taskId)
    {
        var task = (await _client.V1.Tasks[taskId].GetAsync())!;
        var status = EnumMembers(nameof(GenerationTaskStatus)).Single(m => m.Name == task.Status!.Value.ToString()).Wire;
        return new TaskView(task.Id!, status, task.Output?.Urls ?? [], task.Output?.Metadata?.CostTime, task.Output?.Metadata?.Model);
    }

    public override async Task<ErrorView> ReadErrorAsync(string operationId, string taskId)
    {
        try
        {
            await (operationId switch
            {
                "createTask" => CreateTaskAsync(new CreateRequest("a banana")),
                "getTask" => _client.V1.Tasks[taskId].GetAsync(),
                "getCredits" => _client.V1.Credits.GetAsync(),
                _ => throw new ArgumentOutOfRangeException(nameof(operationId)),
            });
        }
        catch (ErrorResponse e)
        {
            return new ErrorView(e.ResponseStatusCode, e.Error?.Code, e.Error?.Message, e.Error?.Type);
        }

        throw new InvalidOperationException($"{operationId} did not fail");
    }

    public override JsonNode RoundTrip(string schemaName, string json, bool typedOnly = false)
    {
        var type = typeof(GenerationRequest).Assembly.GetType("NanoBanana.Kiota.Models." + schemaName, throwOnError: true)!;
        var create = type.GetMethod("CreateFromDiscriminatorValue", BindingFlags.Public | BindingFlags.Static)!;
        var node = new JsonParseNode(System.Text.Json.JsonDocument.Parse(json).RootElement);
        var model = node.GetObjectValue(n => (IParsable)create.Invoke(null, [n])!)!;
        if (typedOnly) ForgetAdditionalData(model);
        using var writer = new JsonSerializationWriter();
        writer.WriteObjectValue(null, model);
        using var content = writer.GetSerializedContent();
        using var reader = new StreamReader(content, Encoding.UTF8);
        return JsonNode.Parse(reader.ReadToEnd())!;
    }

    /// <summary>Empties every model's <c>AdditionalData</c> (the fields Kiota read without a typed member), nested models included.</summary>
    private static void ForgetAdditionalData(object? model)
    {
        if (model is IAdditionalDataHolder holder) holder.AdditionalData.Clear();
        if (model is not IParsable) return;
        foreach (var property in model.GetType().GetProperties(BindingFlags.Public | BindingFlags.Instance))
        {
            var value = property.GetIndexParameters().Length == 0 ? property.GetValue(model) : null;
            if (value is IParsable) ForgetAdditionalData(value);
            else if (value is System.Collections.IEnumerable items and not string)
            {
                foreach (var item in items) ForgetAdditionalData(item);
            }
        }
    }

    public override IReadOnlyList<(string Name, string Wire)> EnumMembers(string schemaName)
    {
        var type = typeof(GenerationRequest).Assembly.GetType("NanoBanana.Kiota.Models." + schemaName, throwOnError: true)!;
        return type.GetFields(BindingFlags.Public | BindingFlags.Static)
            .Select(f => (f.Name, f.GetCustomAttribute<EnumMemberAttribute>()?.Value ?? f.Name))
            .ToList();
    }

    public override void Dispose() => _http.Dispose();
}

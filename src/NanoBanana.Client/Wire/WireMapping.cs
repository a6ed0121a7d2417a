using System.Text.Json;
using PublicCreditsBalance = NanoBanana.Client.CreditsBalance;
using PublicInput = NanoBanana.Client.GenerationInput;
using PublicRequest = NanoBanana.Client.GenerationRequest;
using PublicTask = NanoBanana.Client.GenerationTask;
using PublicTaskError = NanoBanana.Client.TaskError;
using PublicTaskOutput = NanoBanana.Client.TaskOutput;
using PublicTaskOutputMetadata = NanoBanana.Client.TaskOutputMetadata;

namespace NanoBanana.Client.Wire;

/// <summary>
/// CUSTOM: between the public models (hand-written, read-only, no serializer attributes) and the generated wire DTOs
/// (internal, in this namespace): the one place that turns Unix seconds into <see cref="DateTimeOffset"/>,
/// <c>costTime</c> milliseconds into <see cref="TimeSpan"/>, and copies every list, so no public model shares state
/// with a DTO or with another model.
/// </summary>
internal static class WireMapping
{
    /// <summary>The wire body of a request (nothing checked; see <see cref="GenerationRequestValidator"/>).</summary>
    public static GenerationRequest ToWire(PublicRequest request) => new()
    {
        Model = request.Model,
        CallbackUrl = request.CallbackUrl,
        Input = request.Input is not { } input ? null! : new GenerationInput
        {
            Prompt = input.Prompt,
            AspectRatio = input.AspectRatio,
            Resolution = input.Resolution,
            ImageUrls = input.ImageUrls is null ? null : [.. input.ImageUrls],
        },
    };

    /// <summary>The public request of a wire body.</summary>
    public static PublicRequest FromWire(GenerationRequest request) => new()
    {
        Model = request.Model,
        CallbackUrl = request.CallbackUrl,
        Input = new PublicInput
        {
            Prompt = request.Input?.Prompt!,
            AspectRatio = request.Input?.AspectRatio,
            Resolution = request.Input?.Resolution,
            ImageUrls = request.Input?.ImageUrls is { } urls ? [.. urls] : null,
        },
    };

    /// <summary>The public task of a wire task. A body the public model cannot hold (a null URL, a time out of range) is a <see cref="JsonException"/>.</summary>
    public static PublicTask FromWire(GenerationTask task)
    {
        PublicTaskOutput? output = null;
        if (task.Output is { } wireOutput)
        {
            var urls = wireOutput.Urls ?? throw new JsonException("The task's output has no urls.");
            if (urls.Any(static u => u is null)) throw new JsonException("The task's output.urls holds a null URL.");
            output = new PublicTaskOutput([.. urls],
                wireOutput.Metadata is { } metadata ? new PublicTaskOutputMetadata(metadata.Model, Milliseconds(metadata.CostTime)) : null);
        }

        return new PublicTask(task.Id, task.Status, task.Model, UnixSeconds(task.CreatedAt, "created_at"), UnixSeconds(task.CompletedAt, "completed_at"),
            task.Progress, output, task.Error is { } error ? new PublicTaskError(error.Code, error.Message) : null,
            task.HasAdditionalProperties ? new Dictionary<string, object>(task.AdditionalProperties) : null);
    }

    /// <summary>The wire task of a public task (for printing it in the API's shape).</summary>
    public static GenerationTask ToWire(PublicTask task)
    {
        var wire = new GenerationTask
        {
            Id = task.Id,
            Status = task.Status,
            Model = task.Model,
            CreatedAt = task.CreatedAt?.ToUnixTimeSeconds(),
            CompletedAt = task.CompletedAt?.ToUnixTimeSeconds(),
            Progress = task.Progress,
            Output = task.Output is { } output ? new TaskOutput
            {
                Urls = [.. output.Urls],
                Metadata = output.Metadata is { } m ? new TaskOutputMetadata { Model = m.Model, CostTime = m.CostTime is { } c ? (long)c.TotalMilliseconds : null } : null,
            } : null,
            Error = task.Error is { } error ? new TaskError { Code = error.Code, Message = error.Message } : null,
        };
        if (task.AdditionalProperties is { } extra) wire.AdditionalProperties = new Dictionary<string, object>(extra);
        return wire;
    }

    /// <summary>The public balance of a wire balance.</summary>
    public static PublicCreditsBalance FromWire(CreditsBalance balance)
    {
        var properties = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
        foreach (var (name, value) in balance.AdditionalProperties)
        {
            properties[name] = value is JsonElement element ? element.Clone() : JsonDocument.Parse("\"" + JsonEncodedText.Encode(value?.ToString() ?? "") + "\"").RootElement.Clone();
        }

        return new PublicCreditsBalance(PublicCreditsBalance.FindCredits(properties), properties);
    }

    /// <summary>A public task as the API's JSON.</summary>
    public static string ToJson(PublicTask task) => JsonSerializer.Serialize(ToWire(task), NanoBananaTransport.TypeInfo<GenerationTask>());

    /// <summary>A public request as the API's JSON.</summary>
    public static string ToJson(PublicRequest request) => JsonSerializer.Serialize(ToWire(request), NanoBananaTransport.TypeInfo<GenerationRequest>());

    /// <summary>A request from the API's JSON.</summary>
    public static PublicRequest RequestFromJson(string json) =>
        FromWire(JsonSerializer.Deserialize(json, NanoBananaTransport.TypeInfo<GenerationRequest>()) ?? throw new JsonException("The JSON is null, not a create body."));

    private static DateTimeOffset? UnixSeconds(long? seconds, string field) => seconds switch
    {
        null => null,
        >= 0 and <= 253402300799 => DateTimeOffset.FromUnixTimeSeconds(seconds.Value),
        _ => throw new JsonException($"The task's {field} ({seconds}) is not a Unix time in seconds."),
    };

    private static TimeSpan? Milliseconds(long? milliseconds) => milliseconds switch
    {
        null => null,
        >= 0 and <= 864_000_000_000 => TimeSpan.FromMilliseconds(milliseconds.Value),
        _ => throw new JsonException($"The output's costTime ({milliseconds}) is not a duration in milliseconds."),
    };
}

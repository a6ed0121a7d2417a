using System.Net.Http.Headers;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using NanoBanana.Client;

namespace NanoBanana.Benchmarks.Overhead;

/// <summary>
/// The hand-written baseline: the least any client can do. One <see cref="HttpClient"/> call plus
/// System.Text.Json into the same generated models through the same source-generated context and options, the bearer key set
/// once on the client, no error mapping, no retries, no logging.
/// </summary>
internal sealed class BaselineClient(HttpClient http)
{
    private static readonly JsonTypeInfo<GenerationTask> TaskInfo = NanoBananaTransport.TypeInfo<GenerationTask>();
    private static readonly JsonTypeInfo<GenerationRequest> RequestInfo = NanoBananaTransport.TypeInfo<GenerationRequest>();
    private static readonly JsonTypeInfo<CreateTaskResponse> CreatedInfo = NanoBananaTransport.TypeInfo<CreateTaskResponse>();
    private static readonly MediaTypeHeaderValue Json = new("application/json");

    /// <summary><c>GET v1/tasks/{id}</c>, parsed.</summary>
    public async Task<GenerationTask> GetTaskAsync(string taskId, CancellationToken cancellationToken)
    {
        using var response = await http.GetAsync("v1/tasks/" + taskId, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
        response.EnsureSuccessStatusCode();
        await using var body = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        return (await JsonSerializer.DeserializeAsync(body, TaskInfo, cancellationToken).ConfigureAwait(false))!;
    }

    /// <summary><c>POST v1/images/generations</c>, serialized and parsed.</summary>
    public async Task<CreateTaskResponse> CreateTaskAsync(GenerationRequest request, CancellationToken cancellationToken)
    {
        var content = new ByteArrayContent(JsonSerializer.SerializeToUtf8Bytes(request, RequestInfo));
        content.Headers.ContentType = Json;
        using var message = new HttpRequestMessage(HttpMethod.Post, "v1/images/generations") { Content = content };
        using var response = await http.SendAsync(message, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
        response.EnsureSuccessStatusCode();
        await using var body = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        return (await JsonSerializer.DeserializeAsync(body, CreatedInfo, cancellationToken).ConfigureAwait(false))!;
    }
}

using System.Text;
using NanoBanana.Client;
using NanoBanana.Testing;

namespace NanoBanana.Benchmarks.Overhead;

/// <summary>
/// The bodies every per-call benchmark sends and receives: the docs' create request, the docs' create
/// envelope and the docs' completed task, taken from the one catalogue of canned responses.
/// </summary>
internal static class CannedResponses
{
    /// <summary>The task id of the docs' examples.</summary>
    public const string TaskId = ApiStubs.TaskId;

    /// <summary>200 to a create: <c>{"code":200,"msg":"success","data":{"taskId":...}}</c>.</summary>
    public static readonly byte[] Created = Encoding.UTF8.GetBytes(ApiStubs.Created().Body!);

    /// <summary>200 to a query: the docs' completed task, with output URL and costTime.</summary>
    public static readonly byte[] CompletedTask = Encoding.UTF8.GetBytes(ApiStubs.Completed().Body!);

    /// <summary>The docs' create example (prompt and 16:9, no callback).</summary>
    public static GenerationRequest Request() => new()
    {
        Model = ImageModel.NanoBanana2Lite,
        Input = new GenerationInput
        {
            Prompt = "A polished comic-style launch scene in a bright creative workspace",
            AspectRatio = AspectRatio.Landscape16x9,
        },
    };

    /// <summary>The canned body answering a request with this method.</summary>
    public static byte[] For(string method) => method == "POST" ? Created : CompletedTask;
}

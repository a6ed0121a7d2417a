using System.Net;
using System.Net.Http.Headers;

namespace NanoBanana.Benchmarks.Overhead;

/// <summary>
/// An in-memory <see cref="HttpMessageHandler"/> answering every request with canned bytes (a POST with the
/// create envelope, anything else with the completed task): no socket, no server, so what a benchmark
/// measures against it is the client's own cost.
/// </summary>
internal sealed class CannedResponseHandler : HttpMessageHandler
{
    private static readonly MediaTypeHeaderValue Json = new("application/json");

    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken) =>
        Task.FromResult(Answer(request));

    protected override HttpResponseMessage Send(HttpRequestMessage request, CancellationToken cancellationToken) =>
        Answer(request);

    private static HttpResponseMessage Answer(HttpRequestMessage request)
    {
        var content = new ByteArrayContent(CannedResponses.For(request.Method.Method));
        content.Headers.ContentType = Json;
        return new HttpResponseMessage(HttpStatusCode.OK) { Content = content, RequestMessage = request };
    }
}

using System.Net;

namespace NanoBanana.Benchmarks.Scale;

/// <summary>Counts what the client sends and what comes back: requests by method, and 429 answers.</summary>
internal sealed class CountingHandler(HttpMessageHandler inner) : DelegatingHandler(inner)
{
    private long _creates;
    private long _reads;
    private long _createsRateLimited;
    private long _readsRateLimited;
    private long _otherErrors;

    public long Creates => Interlocked.Read(ref _creates);

    public long Reads => Interlocked.Read(ref _reads);

    public long CreatesRateLimited => Interlocked.Read(ref _createsRateLimited);

    public long ReadsRateLimited => Interlocked.Read(ref _readsRateLimited);

    public long OtherErrors => Interlocked.Read(ref _otherErrors);

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var create = request.Method == HttpMethod.Post;
        Interlocked.Increment(ref create ? ref _creates : ref _reads);
        var response = await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
        if (response.StatusCode == HttpStatusCode.TooManyRequests)
        {
            Interlocked.Increment(ref create ? ref _createsRateLimited : ref _readsRateLimited);
        }
        else if (!response.IsSuccessStatusCode)
        {
            Interlocked.Increment(ref _otherErrors);
        }

        return response;
    }
}

using NanoBanana.Client;
using NanoBanana.Testing;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;

namespace NanoBanana.Client.Tests;

/// <summary>The key never appears in logs, exception text, or requests to the output host, even when a server echoes it.</summary>
public sealed class SecretTests : IDisposable
{
    private readonly ClientHarness _h = new(o => o.Retry.MaxRetries = 1);

    public void Dispose() => _h.Dispose();

    [Theory]
    [InlineData(500, "{\"error\":{\"code\":\"internal_error\",\"message\":\"echo {{request.headers.Authorization}}\",\"type\":\"api_error\"}}")]
    [InlineData(502, "<html>{{request.headers.Authorization}}</html>")]
    [InlineData(200, "not json {{request.headers.Authorization}}")]
    public async Task An_echoing_server_cannot_put_the_key_in_exceptions_or_logs(int status, string body)
    {
        _h.Server.Given(Request.Create().UsingAnyMethod()).RespondWith(Response.Create().WithStatusCode(status).WithBody(body).WithTransformer());

        var errors = new List<Exception>
        {
            await Assert.ThrowsAnyAsync<NanoBananaException>(() => _h.RunAsync(_h.Client.StartGenerationAsync(Requests.Valid()))),
            await Assert.ThrowsAnyAsync<NanoBananaException>(() => _h.RunAsync(_h.Client.GetTaskAsync(ApiStubs.TaskId))),
            await Assert.ThrowsAnyAsync<NanoBananaException>(() => _h.RunAsync(_h.Client.GetCreditsAsync())),
        };

        // The server did echo it.
        Assert.Contains(_h.Server.LogEntries, e => e.ResponseMessage.BodyData?.BodyAsString?.Contains(ClientHarness.ApiKey, StringComparison.Ordinal) == true);
        foreach (var error in errors)
        {
            Assert.DoesNotContain(ClientHarness.ApiKey, error.ToString(), StringComparison.Ordinal);
            Assert.DoesNotContain(ClientHarness.ApiKey, ((NanoBananaException)error).ResponseExcerpt ?? "", StringComparison.Ordinal);
        }

        AssertLogsClean();
    }

    [Fact]
    public async Task Logs_of_a_whole_generation_never_hold_the_key()
    {
        _h.Server.Serve(ApiStubs.Created());
        _h.Server.ServeInSequence(ApiStubs.Error("getTask", "rate_limit_exceeded", "1"), ApiStubs.Processing(), ApiStubs.Completed());

        await _h.RunAsync(_h.Client.GenerateAsync(Requests.Valid()));

        Assert.NotEmpty(_h.Logs.GetSnapshot());
        AssertLogsClean();
    }

    [Fact]
    public async Task The_output_host_never_receives_the_key_even_on_the_same_host_as_the_API()
    {
        // Worst case: the output URL points at the API's own host; the download still carries no key.
        _h.Server.Given(Request.Create().WithPath("/images/x.jpg").UsingGet()).RespondWith(Response.Create().WithHeader("Content-Type", "image/jpeg").WithBody(new byte[] { 1 }));
        _h.Server.Serve(ApiStubs.Completed(outputUrl: _h.Server.Url + "/images/x.jpg"));

        var task = await _h.Client.GetTaskAsync(ApiStubs.TaskId);
        await _h.Client.DownloadAsync(task.Output!.Urls[0], Stream.Null);

        var download = _h.Server.LogEntries.Single(e => e.RequestMessage.Path == "/images/x.jpg").RequestMessage;
        Assert.False(download.Headers!.ContainsKey("Authorization"));
        Assert.DoesNotContain(download.Headers, h => h.Value.Any(v => v.Contains(ClientHarness.ApiKey, StringComparison.Ordinal)));
    }

    private void AssertLogsClean()
    {
        foreach (var record in _h.Logs.GetSnapshot())
        {
            Assert.DoesNotContain(ClientHarness.ApiKey, record.Message, StringComparison.Ordinal);
            Assert.DoesNotContain(ClientHarness.ApiKey, record.Exception?.ToString() ?? "", StringComparison.Ordinal);
            foreach (var (_, value) in record.StructuredState ?? [])
            {
                Assert.DoesNotContain(ClientHarness.ApiKey, value ?? "", StringComparison.Ordinal);
            }
        }
    }
}

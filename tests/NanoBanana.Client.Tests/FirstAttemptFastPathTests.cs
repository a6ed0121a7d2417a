using NanoBanana.Client;
using NanoBanana.Testing;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;

namespace NanoBanana.Client.Tests;

/// <summary>
/// The first attempt runs outside the Polly pipeline with a reusable timeout source (on the system clock). A source
/// canceled by its caller must never be reused: later calls on the same client still succeed.
/// </summary>
public sealed class FirstAttemptFastPathTests
{
    [Fact]
    public async Task A_caller_cancellation_mid_call_is_not_carried_into_later_calls_on_the_system_clock()
    {
        using var server = WireMock.Server.WireMockServer.Start();
        var arrived = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var release = new ManualResetEventSlim();
        server.Given(Request.Create().WithPath("/v1/tasks/slow").UsingGet())
            .RespondWith(Response.Create().WithCallback(_ =>
            {
                arrived.TrySetResult();
                release.Wait(TimeSpan.FromSeconds(30)); // the server holds the answer until the test ends
                return new WireMock.ResponseMessage { StatusCode = 200 };
            }));
        server.Serve(ApiStubs.Completed());
        using var client = new NanoBananaClient(new NanoBananaClientOptions { ApiKey = ClientHarness.ApiKey, BaseUrl = new Uri(server.Url!), Retry = { MaxRetries = 0 } });

        // Warm the pool with sources that ended in time.
        for (var i = 0; i < 3; i++) Assert.Equal(GenerationTaskStatus.Completed, (await client.GetTaskAsync(ApiStubs.TaskId)).Status);

        using var cancel = new CancellationTokenSource();
        var slow = client.GetTaskAsync("slow", cancel.Token);
        await arrived.Task.WaitAsync(TimeSpan.FromSeconds(10));
        await cancel.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => slow);

        for (var i = 0; i < 5; i++) Assert.Equal(GenerationTaskStatus.Completed, (await client.GetTaskAsync(ApiStubs.TaskId)).Status);
        release.Set();
    }
}

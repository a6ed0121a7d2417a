using NanoBanana.Testing;
using WireMock.RequestBuilders;

namespace NanoBanana.Client.Tests;

/// <summary>The harness itself: fake time does not move while a request is on the wire.</summary>
public sealed class ClientHarnessTests
{
    [Fact]
    public async Task A_slow_loopback_answer_never_times_out_on_fake_time()
    {
        // A 20 s per-attempt timeout and 1 s steps: a harness that moved the clock every few ms of the 1.5 s the answer
        // takes (a loaded machine) would pass 20 s of fake time while the request is on the wire and time it out.
        using var h = new ClientHarness(o => { o.RequestTimeout = TimeSpan.FromSeconds(20); o.Retry.MaxRetries = 0; });
        var path = "/v1/tasks/" + ApiStubs.TaskId;
        h.Server.Given(Request.Create().WithPath(path).UsingGet())
            .RespondWith(ApiStubs.Processing().ToResponse().WithDelay(TimeSpan.FromMilliseconds(1500)));

        var task = await h.RunAsync(h.Client.GetTaskAsync(ApiStubs.TaskId), step: TimeSpan.FromSeconds(1));

        Assert.Equal(GenerationTaskStatus.Processing, task.Status);
        Assert.Equal(1, h.Received(path));
        Assert.True(h.Elapsed < TimeSpan.FromSeconds(20), $"fake time moved {h.Elapsed} during one request");
    }
}

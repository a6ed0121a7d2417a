using NanoBanana.Client;
using NanoBanana.Testing;

namespace NanoBanana.Client.Tests;

/// <summary>Canceling <c>GenerateAsync</c> after its create: the caller learns the billed task's id.</summary>
public sealed class GenerateCancellationTests : IDisposable
{
    private const string CreatePath = "/v1/images/generations";
    private readonly ClientHarness _h = new();

    public void Dispose() => _h.Dispose();

    [Fact]
    public async Task Canceling_after_the_create_throws_a_cancellation_that_carries_the_task_id()
    {
        _h.Server.Serve(ApiStubs.Created());
        _h.Server.Serve(ApiStubs.Processing());
        using var cts = new CancellationTokenSource();

        var generate = _h.Client.GenerateAsync(Requests.Valid(), cancellationToken: cts.Token);
        // The create is answered at once; the wait then sits on fake time (its first poll is seconds away).
        for (var i = 0; i < 2000 && !(_h.Received(CreatePath, "POST") == 1 && _h.Idle && _h.Logs.GetSnapshot().Any(r => r.Message.Contains("created", StringComparison.Ordinal))); i++)
        {
            await Task.Yield();
            await Task.Delay(1);
        }

        Assert.Equal(1, _h.Received(CreatePath, "POST"));
        cts.Cancel();

        var canceled = await Assert.ThrowsAnyAsync<OperationCanceledException>(() => generate);
        var withId = Assert.IsType<NanoBananaGenerationCanceledException>(canceled);
        Assert.Equal(ApiStubs.TaskId, withId.TaskId);
        Assert.Equal(cts.Token, withId.CancellationToken);
        Assert.Contains(ApiStubs.TaskId, withId.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Canceling_before_the_create_is_a_plain_cancellation()
    {
        using var cts = new CancellationTokenSource();
        cts.Cancel();

        var canceled = await Assert.ThrowsAnyAsync<OperationCanceledException>(() => _h.Client.GenerateAsync(Requests.Valid(), cancellationToken: cts.Token));

        Assert.IsNotType<NanoBananaGenerationCanceledException>(canceled);
        Assert.Equal(0, _h.Received(CreatePath, "POST"));
    }
}

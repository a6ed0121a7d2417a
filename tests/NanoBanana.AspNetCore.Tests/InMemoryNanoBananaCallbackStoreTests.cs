using NanoBanana.Client;

namespace NanoBanana.AspNetCore.Tests;

/// <summary>The default store: one claim per task and status, bounded, released after a failed handler.</summary>
public sealed class InMemoryNanoBananaCallbackStoreTests
{
    private static readonly CancellationToken None = CancellationToken.None;

    [Fact]
    public async Task A_task_and_status_is_claimed_once()
    {
        var store = new InMemoryNanoBananaCallbackStore();

        Assert.True(await store.TryClaimAsync("t1", GenerationTaskStatus.Completed, None));
        Assert.False(await store.TryClaimAsync("t1", GenerationTaskStatus.Completed, None));
        Assert.True(await store.TryClaimAsync("t1", GenerationTaskStatus.Failed, None));
        Assert.True(await store.TryClaimAsync("t2", GenerationTaskStatus.Completed, None));
    }

    [Fact]
    public async Task A_released_claim_can_be_claimed_again()
    {
        var store = new InMemoryNanoBananaCallbackStore();
        await store.TryClaimAsync("t1", GenerationTaskStatus.Completed, None);

        await store.ReleaseAsync("t1", GenerationTaskStatus.Completed, None);

        Assert.Equal(0, store.Count);
        Assert.True(await store.TryClaimAsync("t1", GenerationTaskStatus.Completed, None));
    }

    [Fact]
    public async Task When_full_it_forgets_the_oldest_claim()
    {
        var store = new InMemoryNanoBananaCallbackStore(capacity: 3);
        foreach (var id in new[] { "t1", "t2", "t3", "t4" }) Assert.True(await store.TryClaimAsync(id, GenerationTaskStatus.Completed, None));

        Assert.Equal(3, store.Count);
        Assert.False(await store.TryClaimAsync("t4", GenerationTaskStatus.Completed, None));
        Assert.False(await store.TryClaimAsync("t2", GenerationTaskStatus.Completed, None));
        Assert.True(await store.TryClaimAsync("t1", GenerationTaskStatus.Completed, None)); // forgotten, so claimable again
    }

    [Fact]
    public async Task Concurrent_claims_of_one_delivery_have_one_winner()
    {
        var store = new InMemoryNanoBananaCallbackStore();

        var results = await Task.WhenAll(Enumerable.Range(0, 64).Select(_ => Task.Run(() => store.TryClaimAsync("t1", GenerationTaskStatus.Completed, None).AsTask())));

        Assert.Equal(1, results.Count(r => r));
    }

    [Fact]
    public void Capacity_must_be_positive()
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => new InMemoryNanoBananaCallbackStore(0));
        Assert.Equal("capacity", error.ParamName);
    }
}

using Microsoft.Extensions.Time.Testing;
using NanoBanana.Client;

namespace NanoBanana.AspNetCore.Tests;

/// <summary>
/// The default store follows the store contract (INanoBananaCallbackStore's remarks): three states, leases on its
/// clock, a stale claim never releases its successor's, bounded.
/// </summary>
public sealed class InMemoryNanoBananaCallbackStoreTests
{
    private static readonly CancellationToken None = CancellationToken.None;
    private static readonly TimeSpan Lease = TimeSpan.FromMinutes(5);
    private static readonly GenerationTaskStatus Completed = GenerationTaskStatus.Completed;

    [Fact]
    public async Task A_claim_is_in_progress_until_completed_and_then_handled_for_good()
    {
        var clock = new FakeTimeProvider(FakeClockStart);
        var store = new InMemoryNanoBananaCallbackStore(100, clock);

        var claim = await store.TryClaimAsync("t1", Completed, Lease, None);
        var during = await store.TryClaimAsync("t1", Completed, Lease, None);
        await store.CompleteAsync(claim, None);
        clock.Advance(Lease * 3);
        var after = await store.TryClaimAsync("t1", Completed, Lease, None);

        Assert.Equal(CallbackClaimOutcome.Acquired, claim.Outcome);
        Assert.NotNull(claim.ClaimId);
        Assert.Equal(FakeClockStart + Lease, claim.LeaseExpiresAt);
        Assert.Equal(CallbackClaimOutcome.InProgress, during.Outcome);
        Assert.Equal(FakeClockStart + Lease, during.LeaseExpiresAt);
        Assert.Equal(CallbackClaimOutcome.Handled, after.Outcome);
    }

    [Fact]
    public async Task Each_task_and_status_is_its_own_delivery()
    {
        var store = new InMemoryNanoBananaCallbackStore();

        Assert.Equal(CallbackClaimOutcome.Acquired, (await store.TryClaimAsync("t1", Completed, Lease, None)).Outcome);
        Assert.Equal(CallbackClaimOutcome.Acquired, (await store.TryClaimAsync("t1", GenerationTaskStatus.Failed, Lease, None)).Outcome);
        Assert.Equal(CallbackClaimOutcome.Acquired, (await store.TryClaimAsync("t2", Completed, Lease, None)).Outcome);
    }

    [Fact]
    public async Task A_released_claim_can_be_claimed_again()
    {
        var store = new InMemoryNanoBananaCallbackStore();
        var claim = await store.TryClaimAsync("t1", Completed, Lease, None);

        await store.ReleaseAsync(claim, None);

        Assert.Equal(0, store.Count);
        Assert.Equal(CallbackClaimOutcome.Acquired, (await store.TryClaimAsync("t1", Completed, Lease, None)).Outcome);
    }

    [Fact]
    public async Task A_claim_whose_holder_never_finished_is_taken_over_once_its_lease_expires()
    {
        var clock = new FakeTimeProvider(FakeClockStart);
        var store = new InMemoryNanoBananaCallbackStore(100, clock);
        var crashed = await store.TryClaimAsync("t1", Completed, Lease, None);

        clock.Advance(Lease - TimeSpan.FromSeconds(1));
        var before = await store.TryClaimAsync("t1", Completed, Lease, None);
        clock.Advance(TimeSpan.FromSeconds(1));
        var takeover = await store.TryClaimAsync("t1", Completed, Lease, None);

        Assert.Equal(CallbackClaimOutcome.InProgress, before.Outcome);
        Assert.Equal(CallbackClaimOutcome.Acquired, takeover.Outcome);
        Assert.NotEqual(crashed.ClaimId, takeover.ClaimId);
        Assert.Equal(clock.GetUtcNow() + Lease, takeover.LeaseExpiresAt);

        // The stale holder wakes up and fails: its release must not free its successor's claim.
        await store.ReleaseAsync(crashed, None);
        Assert.Equal(CallbackClaimOutcome.InProgress, (await store.TryClaimAsync("t1", Completed, Lease, None)).Outcome);

        // The stale holder's completion still counts: its handler ran to the end.
        await store.CompleteAsync(crashed, None);
        Assert.Equal(CallbackClaimOutcome.Handled, (await store.TryClaimAsync("t1", Completed, Lease, None)).Outcome);
        await store.ReleaseAsync(takeover, None);
        Assert.Equal(CallbackClaimOutcome.Handled, (await store.TryClaimAsync("t1", Completed, Lease, None)).Outcome);
    }

    [Fact]
    public async Task When_full_it_forgets_the_least_recently_claimed_delivery()
    {
        var store = new InMemoryNanoBananaCallbackStore(capacity: 3);
        foreach (var id in new[] { "t1", "t2", "t3", "t4" })
        {
            await store.CompleteAsync(await store.TryClaimAsync(id, Completed, Lease, None), None);
        }

        Assert.Equal(3, store.Count);
        Assert.Equal(CallbackClaimOutcome.Handled, (await store.TryClaimAsync("t4", Completed, Lease, None)).Outcome);
        Assert.Equal(CallbackClaimOutcome.Handled, (await store.TryClaimAsync("t2", Completed, Lease, None)).Outcome);
        Assert.Equal(CallbackClaimOutcome.Acquired, (await store.TryClaimAsync("t1", Completed, Lease, None)).Outcome); // forgotten
    }

    [Fact]
    public async Task Concurrent_claims_of_one_delivery_have_one_winner()
    {
        var store = new InMemoryNanoBananaCallbackStore();

        var results = await Task.WhenAll(Enumerable.Range(0, 64).Select(_ => Task.Run(() => store.TryClaimAsync("t1", Completed, Lease, None).AsTask())));

        Assert.Equal(1, results.Count(r => r.Outcome == CallbackClaimOutcome.Acquired));
        Assert.Equal(63, results.Count(r => r.Outcome == CallbackClaimOutcome.InProgress));
    }

    [Fact]
    public async Task Only_an_acquired_claim_can_be_completed_or_released()
    {
        var store = new InMemoryNanoBananaCallbackStore();
        await store.TryClaimAsync("t1", Completed, Lease, None);
        var inProgress = await store.TryClaimAsync("t1", Completed, Lease, None);

        await Assert.ThrowsAsync<ArgumentException>(() => store.CompleteAsync(inProgress, None).AsTask());
        await Assert.ThrowsAsync<ArgumentException>(() => store.ReleaseAsync(inProgress, None).AsTask());
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => store.TryClaimAsync("t1", Completed, TimeSpan.Zero, None).AsTask());
    }

    [Fact]
    public void Capacity_must_be_positive()
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => new InMemoryNanoBananaCallbackStore(0));
        Assert.Equal("capacity", error.ParamName);
    }

    private static readonly DateTimeOffset FakeClockStart = new(2026, 7, 2, 0, 0, 0, TimeSpan.Zero);
}

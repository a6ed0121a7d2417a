using Microsoft.Extensions.Time.Testing;
using NanoBanana.AspNetCore;
using NanoBanana.Client;
using Npgsql;

namespace NanoBanana.Postgres.Tests;

/// <summary>The store's three states on a real server; two store instances on two data sources stand for two replicas.</summary>
[Collection(PostgresCollection.Name)]
public sealed class CallbackStoreTests(PostgresFixture postgres)
{
    private static readonly TimeSpan Lease = TimeSpan.FromMinutes(5);

    [Fact]
    public async Task Of_many_concurrent_claims_from_two_replicas_exactly_one_acquires()
    {
        var (a, b, time, sources) = await StoresAsync();
        await using var _ = sources;

        var claims = await Task.WhenAll(Enumerable.Range(0, 40).Select(i =>
            (i % 2 == 0 ? a : b).TryClaimAsync("task-1", GenerationTaskStatus.Completed, Lease, CancellationToken.None).AsTask()));

        var acquired = Assert.Single(claims, c => c.Outcome == CallbackClaimOutcome.Acquired);
        Assert.All(claims.Where(c => c != acquired), c => Assert.Equal(CallbackClaimOutcome.InProgress, c.Outcome));
        Assert.NotNull(acquired.ClaimId);
    }

    [Fact]
    public async Task A_completed_claim_is_handled_for_every_replica_and_a_failed_statuses_key_is_separate()
    {
        var (a, b, _, sources) = await StoresAsync();
        await using var __ = sources;
        var claim = await a.TryClaimAsync("task-2", GenerationTaskStatus.Completed, Lease, CancellationToken.None);

        await a.CompleteAsync(claim, CancellationToken.None);

        Assert.Equal(CallbackClaimOutcome.Handled, (await b.TryClaimAsync("task-2", GenerationTaskStatus.Completed, Lease, CancellationToken.None)).Outcome);
        Assert.Equal(CallbackClaimOutcome.Acquired, (await b.TryClaimAsync("task-2", GenerationTaskStatus.Failed, Lease, CancellationToken.None)).Outcome);
    }

    [Fact]
    public async Task A_released_claim_is_acquired_again_but_a_stale_release_never_frees_its_successor()
    {
        var (a, b, time, sources) = await StoresAsync();
        await using var _ = sources;
        var first = await a.TryClaimAsync("task-3", GenerationTaskStatus.Completed, Lease, CancellationToken.None);
        await a.ReleaseAsync(first, CancellationToken.None);
        var second = await b.TryClaimAsync("task-3", GenerationTaskStatus.Completed, Lease, CancellationToken.None);
        Assert.Equal(CallbackClaimOutcome.Acquired, second.Outcome);

        await a.ReleaseAsync(first, CancellationToken.None); // stale: the key is the second claim's now

        Assert.Equal(CallbackClaimOutcome.InProgress, (await a.TryClaimAsync("task-3", GenerationTaskStatus.Completed, Lease, CancellationToken.None)).Outcome);
    }

    [Fact]
    public async Task A_claim_whose_replica_died_is_taken_over_when_its_lease_ends()
    {
        var (a, b, time, sources) = await StoresAsync();
        await using var _ = sources;
        var dead = await a.TryClaimAsync("task-4", GenerationTaskStatus.Completed, Lease, CancellationToken.None);

        time.Advance(Lease - TimeSpan.FromSeconds(1));
        var early = await b.TryClaimAsync("task-4", GenerationTaskStatus.Completed, Lease, CancellationToken.None);
        time.Advance(TimeSpan.FromSeconds(1));
        var taken = await b.TryClaimAsync("task-4", GenerationTaskStatus.Completed, Lease, CancellationToken.None);

        Assert.Equal(CallbackClaimOutcome.InProgress, early.Outcome);
        Assert.Equal(dead.LeaseExpiresAt, early.LeaseExpiresAt);
        Assert.Equal(CallbackClaimOutcome.Acquired, taken.Outcome);
        Assert.NotEqual(dead.ClaimId, taken.ClaimId);
    }

    private async Task<(PostgresCallbackStore A, PostgresCallbackStore B, FakeTimeProvider Time, Sources Sources)> StoresAsync()
    {
        var connectionString = await postgres.CreateDatabaseAsync();
        var sources = new Sources(NpgsqlDataSource.Create(connectionString), NpgsqlDataSource.Create(connectionString));
        await PostgresSchema.EnsureAsync(sources.A);
        var time = new FakeTimeProvider(FakeClock.Start);
        return (new PostgresCallbackStore(sources.A, time), new PostgresCallbackStore(sources.B, time), time, sources);
    }

    private sealed record Sources(NpgsqlDataSource A, NpgsqlDataSource B) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            await A.DisposeAsync();
            await B.DisposeAsync();
        }
    }
}

using Microsoft.Extensions.Time.Testing;
using NanoBanana.Batch;
using NanoBanana.Client;
using Npgsql;

namespace NanoBanana.Postgres.Tests;

/// <summary>The PostgreSQL ledger's rules on a real server; two instances on two data sources stand for two workers.</summary>
[Collection(PostgresCollection.Name)]
public sealed class LedgerTests(PostgresFixture postgres)
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task Two_workers_racing_over_the_same_items_claim_each_item_once()
    {
        await using var pair = await PairAsync(items: 60);
        await pair.A.RegisterOwnerAsync("owner-a");
        await pair.B.RegisterOwnerAsync("owner-b");

        var keys = Enumerable.Range(0, 60).Select(Key).ToList();
        var a = Task.Run(async () => await Claims(pair.A, "owner-a", keys));
        var b = Task.Run(async () => await Claims(pair.B, "owner-b", keys));
        var (byA, byB) = (await a, await b);

        Assert.Empty(byA.Intersect(byB));
        Assert.Equal(keys.Order(), byA.Concat(byB).Order());
        var entries = await pair.A.ReadAsync();
        Assert.All(entries, e => Assert.Equal(BatchItemState.Creating, e.State));
        Assert.All(entries, e => Assert.Equal(byA.Contains(e.Key) ? "owner-a" : "owner-b", e.Owner));

        static async Task<List<string>> Claims(PostgresGenerationLedger ledger, string owner, List<string> keys)
        {
            var won = new List<string>();
            foreach (var key in keys)
            {
                if (await ledger.TryMarkCreatingAsync(key, owner)) won.Add(key);
            }

            return won;
        }
    }

    [Fact]
    public async Task A_dead_workers_creates_become_unknown_and_its_other_claims_are_released_while_a_live_workers_are_untouched()
    {
        await using var pair = await PairAsync(items: 4);
        await pair.A.RegisterOwnerAsync("dead");
        await pair.B.RegisterOwnerAsync("alive");
        Assert.True(await pair.A.TryMarkCreatingAsync(Key(0), "dead"));
        Assert.True(await pair.A.TryMarkCreatingAsync(Key(1), "dead"));
        Assert.True(await pair.A.MarkCreatedAsync(Key(1), "dead", "task-1"));
        Assert.True(await pair.B.TryMarkCreatingAsync(Key(2), "alive"));

        // "dead" stops beating; "alive" keeps beating past the timeout.
        pair.Time.Advance(Timeout / 2);
        Assert.True(await pair.B.RenewOwnerAsync("alive"));
        pair.Time.Advance(Timeout / 2 + TimeSpan.FromSeconds(1));
        Assert.True(await pair.B.RenewOwnerAsync("alive"));
        var unknown = await pair.B.ReclaimAbandonedAsync(Timeout);

        Assert.Equal(1, unknown);
        var entries = (await pair.B.ReadAsync()).ToDictionary(e => e.Key);
        Assert.Equal(BatchItemState.Unknown, entries[Key(0)].State);
        Assert.Equal((BatchItemState.Created, (string?)null), (entries[Key(1)].State, entries[Key(1)].Owner));
        Assert.Equal((BatchItemState.Creating, "alive"), (entries[Key(2)].State, entries[Key(2)].Owner));
        Assert.Equal(BatchItemState.Planned, entries[Key(3)].State);
        Assert.False(await pair.A.RenewOwnerAsync("dead")); // reclaimed: its heartbeat is refused from now on
        Assert.True(await pair.B.TryClaimAsync(Key(1), "alive")); // the released task is the live worker's to finish
        Assert.False(await pair.B.TryMarkCreatingAsync(Key(0), "alive")); // never created again by itself
    }

    [Fact]
    public async Task A_worker_never_reclaims_its_own_items_even_when_its_heartbeat_is_late()
    {
        await using var pair = await PairAsync(items: 1);
        await pair.A.RegisterOwnerAsync("slow");
        Assert.True(await pair.A.TryMarkCreatingAsync(Key(0), "slow"));
        pair.Time.Advance(Timeout * 2);

        Assert.Equal(0, await pair.A.ReclaimAbandonedAsync(Timeout));
        Assert.Equal(BatchItemState.Creating, Assert.Single(await pair.A.ReadAsync()).State);
    }

    [Fact]
    public async Task Planning_again_with_the_same_input_changes_nothing_and_another_input_is_refused()
    {
        await using var pair = await PairAsync(items: 3);
        Assert.True(await pair.A.TryMarkCreatingAsync(Key(0), "owner-a"));

        await pair.B.PlanAsync("hash-1", Items(3));
        var refused = await Assert.ThrowsAsync<BatchLedgerException>(() => pair.B.PlanAsync("hash-2", Items(3)));

        Assert.Contains("another batch", refused.Message);
        Assert.Equal(BatchItemState.Creating, (await pair.A.ReadAsync())[0].State);
        Assert.Equal(("pair", "hash-1"), ((await pair.B.GetInfoAsync())!.BatchId, (await pair.B.GetInfoAsync())!.InputHash));
        Assert.Equal("a banana, number 2", (await pair.B.ReadAsync())[2].Request.Input.Prompt);
    }

    private static string Key(int i) => $"item-{i:D3}";

    private static List<BatchItem> Items(int count) =>
        [.. Enumerable.Range(0, count).Select(i => new BatchItem(Key(i), GenerationRequest.FromPrompt($"a banana, number {i}")))];

    private async Task<Pair> PairAsync(int items)
    {
        var connectionString = await postgres.CreateDatabaseAsync();
        var time = new FakeTimeProvider(FakeClock.Start);
        var sourceA = NpgsqlDataSource.Create(connectionString);
        var sourceB = NpgsqlDataSource.Create(connectionString);
        var a = await PostgresGenerationLedger.OpenAsync(sourceA, "pair", time);
        var b = await PostgresGenerationLedger.OpenAsync(sourceB, "pair", time);
        await a.PlanAsync("hash-1", Items(items));
        return new Pair(a, b, time, sourceA, sourceB);
    }

    private sealed record Pair(PostgresGenerationLedger A, PostgresGenerationLedger B, FakeTimeProvider Time, NpgsqlDataSource SourceA, NpgsqlDataSource SourceB) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            await SourceA.DisposeAsync();
            await SourceB.DisposeAsync();
        }
    }
}

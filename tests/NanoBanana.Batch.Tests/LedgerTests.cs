using NanoBanana.Client;

namespace NanoBanana.Batch.Tests;

/// <summary>The SQLite ledger: what it records survives a reopen, transitions are guarded, another input is refused.</summary>
public sealed class LedgerTests
{
    private const string Owner = "owner-1";

    private static IReadOnlyList<BatchItem> Items(int count) =>
        Enumerable.Range(1, count).Select(i => new BatchItem($"item-{i}", Requests.Valid($"prompt {i}"))).ToList();

    [Fact]
    public async Task A_planned_batch_reads_back_after_a_reopen_with_its_requests()
    {
        using var folder = new TempFolder();
        var request = Requests.Valid("a banana on a desk");
        request.Input.AspectRatio = AspectRatio.Portrait1x4;
        request.Input.ImageUrls = [new Uri("https://example.com/ref.png")];
        await using (var ledger = await SqliteGenerationLedger.OpenAsync(folder.Ledger, null))
        {
            await ledger.PlanAsync("hash-1", [new BatchItem("one", request), new BatchItem("two", Requests.Valid("two"))]);
            Assert.True(await ledger.TryMarkCreatingAsync("one", Owner));
            Assert.True(await ledger.MarkCreatedAsync("one", Owner, "task-1"));
        }

        await using var reopened = await SqliteGenerationLedger.OpenAsync(folder.Ledger, null);
        var entries = await reopened.ReadAsync();
        Assert.Equal(["one", "two"], entries.Select(e => e.Key));
        Assert.Equal(BatchItemState.Created, entries[0].State);
        Assert.Equal("task-1", entries[0].TaskId);
        Assert.Equal("a banana on a desk", entries[0].Request.Input.Prompt);
        Assert.Equal(AspectRatio.Portrait1x4, entries[0].Request.Input.AspectRatio);
        Assert.Equal(new Uri("https://example.com/ref.png"), Assert.Single(entries[0].Request.Input.ImageUrls!));
        Assert.Equal(BatchItemState.Planned, entries[1].State);
        Assert.Equal("hash-1", (await reopened.GetInfoAsync())!.InputHash);
    }

    [Fact]
    public async Task A_ledger_from_another_input_is_refused_and_left_unchanged()
    {
        using var folder = new TempFolder();
        await using var ledger = await SqliteGenerationLedger.OpenAsync(folder.Ledger, null);
        await ledger.PlanAsync("hash-a", Items(3));
        await ledger.PlanAsync("hash-a", Items(3)); // the same input again: a resume, no change

        var error = await Assert.ThrowsAsync<BatchLedgerException>(() => ledger.PlanAsync("hash-b", Items(5)));
        Assert.Contains("another batch", error.Message, StringComparison.Ordinal);
        Assert.Equal(3, (await ledger.CountAsync()).Total);
    }

    [Fact]
    public async Task Transitions_are_guarded_so_an_item_is_claimed_for_creation_once()
    {
        using var folder = new TempFolder();
        await using var ledger = await SqliteGenerationLedger.OpenAsync(folder.Ledger, null);
        await ledger.PlanAsync("h", Items(1));

        Assert.False(await ledger.MarkCreatedAsync("item-1", Owner, "t")); // not creating yet
        Assert.True(await ledger.TryMarkCreatingAsync("item-1", Owner));
        Assert.False(await ledger.TryMarkCreatingAsync("item-1", "another")); // already claimed
        Assert.False(await ledger.MarkUnknownAsync("item-1", "another", "not its item")); // only its owner moves it
        Assert.True(await ledger.MarkUnknownAsync("item-1", Owner, "dropped"));
        Assert.False(await ledger.TryMarkCreatingAsync("item-1", Owner)); // unknown is never claimed again by itself
        Assert.Equal(1, await ledger.ReplanUnknownAsync());
        Assert.True(await ledger.TryMarkCreatingAsync("item-1", Owner));
    }

    [Fact]
    public async Task Concurrent_claimers_in_one_process_each_get_distinct_items()
    {
        using var folder = new TempFolder();
        await using var ledger = await SqliteGenerationLedger.OpenAsync(folder.Ledger, null);
        await ledger.PlanAsync("h", Items(50));

        var claims = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Task.Run(async () =>
        {
            var mine = new List<string>();
            for (var i = 1; i <= 50; i++)
            {
                if (await ledger.TryMarkCreatingAsync($"item-{i}", Owner)) mine.Add($"item-{i}");
            }

            return mine;
        })));

        var all = claims.SelectMany(c => c).ToList();
        Assert.Equal(50, all.Count);
        Assert.Equal(50, all.Distinct().Count());
        Assert.Equal(50, (await ledger.CountAsync()).Creating);
    }

    [Fact]
    public async Task A_create_in_flight_when_the_process_stopped_becomes_unknown_on_the_next_open()
    {
        using var folder = new TempFolder();
        await using (var ledger = await SqliteGenerationLedger.OpenAsync(folder.Ledger, null))
        {
            await ledger.PlanAsync("h", Items(2));
            await ledger.RegisterOwnerAsync(Owner);
            await ledger.TryMarkCreatingAsync("item-1", Owner); // and then the process died (its owner lock went with it)
        }

        await using var next = await SqliteGenerationLedger.OpenAsync(folder.Ledger, null);
        Assert.Equal(1, await next.ReclaimAbandonedAsync(TimeSpan.FromSeconds(30)));
        var entries = await next.ReadAsync();
        Assert.Equal(BatchItemState.Unknown, entries[0].State);
        Assert.Contains("in flight", entries[0].Reason, StringComparison.Ordinal);
        Assert.Equal(0, await next.ReclaimAbandonedAsync(TimeSpan.FromSeconds(30)));
        Assert.Equal(BatchItemState.Planned, entries[1].State);
    }

    [Fact]
    public async Task Only_a_dead_owners_creating_items_are_reclaimed_never_a_live_ones()
    {
        using var folder = new TempFolder();
        await using var alive = await SqliteGenerationLedger.OpenAsync(folder.Ledger, null);
        await alive.PlanAsync("h", Items(3));
        await alive.RegisterOwnerAsync("alive");
        Assert.True(await alive.TryMarkCreatingAsync("item-1", "alive"));
        Assert.True(await alive.TryMarkCreatingAsync("item-2", "never-registered"));

        // Another instance (another runner, maybe another process) reclaims: the live owner keeps its create.
        await using (var other = await SqliteGenerationLedger.OpenAsync(folder.Ledger, null))
        {
            Assert.Equal(1, await other.ReclaimAbandonedAsync(TimeSpan.FromSeconds(30)));
        }

        var entries = await alive.ReadAsync();
        Assert.Equal(BatchItemState.Creating, entries[0].State);
        Assert.Equal(BatchItemState.Unknown, entries[1].State);
        Assert.True(await alive.RenewOwnerAsync("alive"));
        Assert.True(await alive.MarkCreatedAsync("item-1", "alive", "task-1"));
        Assert.True(await alive.MarkCreatedAsync("item-2", "never-registered", "task-2")); // its own owner may still record the id it received
        await alive.ReleaseOwnerAsync("alive");
        Assert.False(await alive.RenewOwnerAsync("alive"));
        Assert.True(await alive.TryClaimAsync("item-1", "next-runner")); // released: the next runner may wait for it
    }

    [Fact]
    public async Task A_ledger_with_a_newer_schema_is_refused()
    {
        using var folder = new TempFolder();
        await using (var ledger = await SqliteGenerationLedger.OpenAsync(folder.Ledger, null))
        {
            await ledger.PlanAsync("h", Items(1));
        }

        await using (var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={folder.Ledger};Pooling=false"))
        {
            await connection.OpenAsync();
            using var command = connection.CreateCommand();
            command.CommandText = "UPDATE meta SET value = '99' WHERE name = 'schema_version'";
            Assert.Equal(1, await command.ExecuteNonQueryAsync());
        }

        var error = await Assert.ThrowsAsync<BatchLedgerException>(() => SqliteGenerationLedger.OpenAsync(folder.Ledger, null));
        Assert.Contains("schema version 99", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_full_disk_fails_at_open_with_the_ledger_path()
    {
        Assert.True(File.Exists("/dev/full") || !OperatingSystem.IsLinux(), "Linux has /dev/full");
        if (!OperatingSystem.IsLinux()) return;
        var error = await Assert.ThrowsAsync<BatchLedgerException>(() => SqliteGenerationLedger.OpenAsync("/dev/full"));
        Assert.Contains("/dev/full", error.Message, StringComparison.Ordinal);
        Assert.Contains("cannot be written", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_ledger_that_cannot_be_created_fails_at_open()
    {
        using var folder = new TempFolder();
        var notAFolder = Path.Combine(folder.Path, "file");
        await File.WriteAllTextAsync(notAFolder, "x");
        var error = await Assert.ThrowsAsync<BatchLedgerException>(() => SqliteGenerationLedger.OpenAsync(Path.Combine(notAFolder, "ledger.db")));
        Assert.Contains("cannot be written", error.Message, StringComparison.Ordinal);
    }
}

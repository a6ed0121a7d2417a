using Npgsql;
using NanoBanana.Client;

namespace NanoBanana.Postgres.Tests;

[Collection(PostgresCollection.Name)]
public sealed class NotifierTests(PostgresFixture postgres)
{
    [Fact]
    public async Task A_task_published_on_one_connection_reaches_every_subscriber_whole()
    {
        var connectionString = await postgres.CreateDatabaseAsync();
        await using var sourceA = NpgsqlDataSource.Create(connectionString);
        await using var sourceB = NpgsqlDataSource.Create(connectionString);
        await using var listener = new PostgresTaskNotifier(sourceA);
        await using var publisher = new PostgresTaskNotifier(sourceB);
        var received = new TaskCompletionSource<GenerationTask>(TaskCreationOptions.RunContinuationsAsynchronously);
        using var subscription = listener.Subscribe(t => received.TrySetResult(t));
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        await listener.WhenListeningAsync(timeout.Token);

        var task = TaskCallback.Parse("""{"id":"task-1","status":"completed","model":"nano-banana-2-lite","created_at":1751414400,"output":{"urls":["https://file.example/a.png"]}}""");
        await publisher.PublishAsync(task, timeout.Token);
        var got = await received.Task.WaitAsync(timeout.Token);

        Assert.Equal("task-1", got.Id);
        Assert.Equal(GenerationTaskStatus.Completed, got.Status);
        Assert.Equal(new Uri("https://file.example/a.png"), Assert.Single(got.Output!.Urls));
    }

    [Fact]
    public async Task The_listener_reconnects_after_its_connection_is_killed()
    {
        var connectionString = await postgres.CreateDatabaseAsync();
        await using var source = NpgsqlDataSource.Create(connectionString);
        await using var notifier = new PostgresTaskNotifier(source);
        var received = new TaskCompletionSource<GenerationTask>(TaskCreationOptions.RunContinuationsAsynchronously);
        using var subscription = notifier.Subscribe(t => received.TrySetResult(t));
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await notifier.WhenListeningAsync(timeout.Token);

        // The server ends the listening backend, as a restart or a failover would.
        await using (var kill = source.CreateCommand($"SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE query LIKE 'LISTEN {PostgresTaskNotifier.Channel}%' AND pid <> pg_backend_pid()"))
        {
            await kill.ExecuteNonQueryAsync(timeout.Token);
        }

        await notifier.WhenConnectedAsync(2, timeout.Token);
        await notifier.PublishAsync(TaskCallback.Parse("""{"id":"task-2","status":"failed"}"""), timeout.Token);

        Assert.Equal("task-2", (await received.Task).Id);
    }
}

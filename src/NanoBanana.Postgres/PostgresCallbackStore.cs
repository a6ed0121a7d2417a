using NanoBanana.AspNetCore;
using NanoBanana.Client;
using Npgsql;

namespace NanoBanana.Postgres;

/// <summary>
/// The <see cref="INanoBananaCallbackStore"/> of a fleet: one row per task and status in
/// <c>nanobanana.callback_claims</c>, claimed by one replica at a time (a unique key, so of concurrent claims in any
/// number of processes one wins), held <c>in_progress</c> for <see cref="LeaseDuration"/> while the handler runs,
/// then <c>handled</c> for good. A replica that dies mid-handler leaves an expired lease, and the next delivery runs
/// the handler again; a handler that fails releases its claim at once.
/// </summary>
public sealed class PostgresCallbackStore : INanoBananaCallbackStore
{
    /// <summary>The default <see cref="LeaseDuration"/>: 5 minutes.</summary>
    public static readonly TimeSpan DefaultLeaseDuration = TimeSpan.FromMinutes(5);

    private readonly NpgsqlDataSource _dataSource;
    private readonly TimeProvider _time;
    private readonly string _owner = $"{Environment.MachineName}/{Environment.ProcessId}/{Guid.NewGuid():N}";

    /// <summary>Creates a store on <paramref name="dataSource"/> (its schema made with <see cref="PostgresSchema.EnsureAsync"/>).</summary>
    /// <param name="dataSource">The database every replica shares.</param>
    /// <param name="leaseDuration">How long a claim in progress holds before another delivery may take it over; default <see cref="DefaultLeaseDuration"/>.</param>
    /// <param name="timeProvider">The clock of the leases, or null for the system clock (the replicas' clocks must agree to well within the lease).</param>
    public PostgresCallbackStore(NpgsqlDataSource dataSource, TimeSpan? leaseDuration = null, TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(dataSource);
        if (leaseDuration is { } lease) ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(lease, TimeSpan.Zero, nameof(leaseDuration));
        _dataSource = dataSource;
        LeaseDuration = leaseDuration ?? DefaultLeaseDuration;
        _time = timeProvider ?? TimeProvider.System;
    }

    /// <summary>How long a claim in progress holds.</summary>
    public TimeSpan LeaseDuration { get; }

    /// <inheritdoc />
    public async ValueTask<bool> TryClaimAsync(string taskId, GenerationTaskStatus status, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(taskId);
        var now = _time.GetUtcNow();
        await using var command = _dataSource.CreateCommand("""
            INSERT INTO nanobanana.callback_claims AS c (task_id, status, state, owner, lease_until, updated_at)
            VALUES (@task, @status, 'in_progress', @owner, @until, @now)
            ON CONFLICT (task_id, status) DO UPDATE SET owner = excluded.owner, lease_until = excluded.lease_until, updated_at = excluded.updated_at
                WHERE c.state = 'in_progress' AND c.lease_until < @now
            RETURNING 1
            """);
        command.Parameters.AddWithValue("task", taskId);
        command.Parameters.AddWithValue("status", status.ToString());
        command.Parameters.AddWithValue("owner", _owner);
        command.Parameters.AddWithValue("until", now + LeaseDuration);
        command.Parameters.AddWithValue("now", now);
        return await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) is not null;
    }

    /// <summary>The handler succeeded: the delivery stays handled, and no later delivery runs it again.</summary>
    /// <param name="taskId">The task id claimed.</param>
    /// <param name="status">The status claimed.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    public async ValueTask MarkHandledAsync(string taskId, GenerationTaskStatus status, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(taskId);
        await using var command = _dataSource.CreateCommand(
            "UPDATE nanobanana.callback_claims SET state = 'handled', lease_until = NULL, updated_at = @now WHERE task_id = @task AND status = @status");
        command.Parameters.AddWithValue("task", taskId);
        command.Parameters.AddWithValue("status", status.ToString());
        command.Parameters.AddWithValue("now", _time.GetUtcNow());
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async ValueTask ReleaseAsync(string taskId, GenerationTaskStatus status, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(taskId);
        await using var command = _dataSource.CreateCommand(
            "DELETE FROM nanobanana.callback_claims WHERE task_id = @task AND status = @status AND state = 'in_progress' AND owner = @owner");
        command.Parameters.AddWithValue("task", taskId);
        command.Parameters.AddWithValue("status", status.ToString());
        command.Parameters.AddWithValue("owner", _owner);
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }
}

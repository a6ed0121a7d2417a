using NanoBanana.AspNetCore;
using NanoBanana.Client;
using Npgsql;

namespace NanoBanana.Postgres;

/// <summary>
/// The <see cref="INanoBananaCallbackStore"/> of a fleet: one row per task and status in
/// <c>nanobanana.callback_claims</c> (the key is unique, so of concurrent claims in any number of processes exactly one
/// acquires), <c>in_progress</c> under a claim id until its lease ends, then <c>handled</c> for good. A replica that dies
/// mid-handler leaves an expired lease, and the next delivery takes the claim over; a handler that fails releases its
/// claim at once. Handled rows are kept (delete old ones yourself if the table grows: a redelivery after that runs the
/// handler again).
/// </summary>
/// <remarks>Times come from the <see cref="TimeProvider"/>: the replicas' clocks must agree to well within a lease (NTP).</remarks>
public sealed class PostgresCallbackStore : INanoBananaCallbackStore
{
    private readonly NpgsqlDataSource _dataSource;
    private readonly TimeProvider _time;

    /// <summary>Creates a store on <paramref name="dataSource"/> (its schema made with <see cref="PostgresSchema.EnsureAsync"/>).</summary>
    /// <param name="dataSource">The database every replica shares.</param>
    /// <param name="timeProvider">The clock of the leases, or null for the system clock.</param>
    public PostgresCallbackStore(NpgsqlDataSource dataSource, TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(dataSource);
        _dataSource = dataSource;
        _time = timeProvider ?? TimeProvider.System;
    }

    /// <inheritdoc />
    public async ValueTask<CallbackClaim> TryClaimAsync(string taskId, GenerationTaskStatus status, TimeSpan lease, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(taskId);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(lease, TimeSpan.Zero);
        var now = _time.GetUtcNow();
        var claimId = Guid.NewGuid().ToString("N");
        var until = now + lease;
        // One statement: insert, or take over an expired lease; otherwise report what holds the key.
        await using var command = _dataSource.CreateCommand("""
            WITH acquired AS (
                INSERT INTO nanobanana.callback_claims AS c (task_id, status, state, owner, lease_until, updated_at)
                VALUES (@task, @status, 'in_progress', @claim, @until, @now)
                ON CONFLICT (task_id, status) DO UPDATE SET owner = excluded.owner, lease_until = excluded.lease_until, updated_at = excluded.updated_at
                    WHERE c.state = 'in_progress' AND c.lease_until <= @now
                RETURNING state, lease_until)
            SELECT true, state, lease_until FROM acquired
            UNION ALL
            SELECT false, state, lease_until FROM nanobanana.callback_claims WHERE task_id = @task AND status = @status AND NOT EXISTS (SELECT 1 FROM acquired)
            """);
        command.Parameters.AddWithValue("task", taskId);
        command.Parameters.AddWithValue("status", status.ToString());
        command.Parameters.AddWithValue("claim", claimId);
        command.Parameters.AddWithValue("until", until);
        command.Parameters.AddWithValue("now", now);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        if (!await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            // The row another claim inserted is not visible to this statement's snapshot yet: it is in progress.
            return new CallbackClaim(taskId, status, CallbackClaimOutcome.InProgress, null, until);
        }

        if (reader.GetBoolean(0)) return new CallbackClaim(taskId, status, CallbackClaimOutcome.Acquired, claimId, until);
        return reader.GetString(1) == "handled"
            ? new CallbackClaim(taskId, status, CallbackClaimOutcome.Handled, null, null)
            : new CallbackClaim(taskId, status, CallbackClaimOutcome.InProgress, null, reader.IsDBNull(2) ? until : reader.GetFieldValue<DateTimeOffset>(2));
    }

    /// <inheritdoc />
    public async ValueTask CompleteAsync(CallbackClaim claim, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(claim);
        await using var command = _dataSource.CreateCommand(
            "UPDATE nanobanana.callback_claims SET state = 'handled', lease_until = NULL, updated_at = @now WHERE task_id = @task AND status = @status AND state = 'in_progress'");
        command.Parameters.AddWithValue("task", claim.TaskId);
        command.Parameters.AddWithValue("status", claim.Status.ToString());
        command.Parameters.AddWithValue("now", _time.GetUtcNow());
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async ValueTask ReleaseAsync(CallbackClaim claim, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(claim);
        if (claim.ClaimId is null) return;
        await using var command = _dataSource.CreateCommand(
            "DELETE FROM nanobanana.callback_claims WHERE task_id = @task AND status = @status AND state = 'in_progress' AND owner = @claim");
        command.Parameters.AddWithValue("task", claim.TaskId);
        command.Parameters.AddWithValue("status", claim.Status.ToString());
        command.Parameters.AddWithValue("claim", claim.ClaimId);
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }
}

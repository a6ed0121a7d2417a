using System.Text.Json;
using NanoBanana.Batch;
using NanoBanana.Client;
using Npgsql;

namespace NanoBanana.Postgres;

/// <summary>
/// The <see cref="IGenerationLedger"/> of a fleet: one batch in a PostgreSQL database that any number of runners (on
/// any number of machines) work on together, each change committed before its method returns. The rules are the
/// SQLite ledger's: the <see cref="BatchItemState.Creating"/> mark is committed before a create is sent, transitions
/// are guarded by state and owner, and only a dead owner's in-flight creates become <see cref="BatchItemState.Unknown"/>,
/// never created again by themselves.
/// </summary>
/// <remarks>
/// <para>Claims: an item is claimed with <c>SELECT … FOR UPDATE SKIP LOCKED</c> inside the guarded update, so
/// runners going through the same items never wait on each other's rows: a row another runner is claiming is
/// skipped at once.</para>
/// <para>Owners: each runner has a row in <c>nanobanana.batch_owners</c> with its heartbeat. An owner is alive while
/// its heartbeat is younger than the timeout the reclaiming runner passes (three of its heartbeats), or while it is
/// registered through this very instance. A runner whose process dies (SIGKILL, a lost machine) stops beating; after
/// the timeout the next reclaim turns its creating items unknown and releases its other claims.</para>
/// <para>Clocks: times come from the <see cref="TimeProvider"/> (the machines' clocks must agree to well within a
/// heartbeat timeout, as NTP keeps them).</para>
/// </remarks>
public sealed class PostgresGenerationLedger : IGenerationLedger, IAsyncDisposable
{
    private readonly NpgsqlDataSource _dataSource;
    private readonly bool _ownsDataSource;
    private readonly TimeProvider _time;
    private readonly HashSet<string> _localOwners = new(StringComparer.Ordinal);

    private PostgresGenerationLedger(NpgsqlDataSource dataSource, bool ownsDataSource, string batchId, TimeProvider time)
    {
        _dataSource = dataSource;
        _ownsDataSource = ownsDataSource;
        BatchId = batchId;
        _time = time;
    }

    /// <summary>The batch this ledger records (its name in <c>nanobanana.batches</c>).</summary>
    public string BatchId { get; }

    /// <summary>Where the ledger is, without a password (for messages).</summary>
    public string Description => $"{PostgresConnectionString.Describe(_dataSource.ConnectionString)} batch {BatchId}";

    /// <summary>
    /// Opens batch <paramref name="batchId"/> in the database (creating or migrating the schema); the batch itself is
    /// recorded by <see cref="PlanAsync"/>.
    /// </summary>
    /// <param name="dataSource">The database every runner shares.</param>
    /// <param name="batchId">The batch's name: 1 to 64 letters, digits, '-', '_' or '.'.</param>
    /// <param name="timeProvider">The clock for heartbeats and recorded times (default: the system clock).</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <exception cref="BatchLedgerException">The database cannot be reached or written, or a newer package migrated it.</exception>
    public static Task<PostgresGenerationLedger> OpenAsync(NpgsqlDataSource dataSource, string batchId, TimeProvider? timeProvider = null, CancellationToken cancellationToken = default) =>
        OpenAsync(dataSource, false, batchId, timeProvider, cancellationToken);

    /// <summary>Opens batch <paramref name="batchId"/> in the database at <paramref name="connectionString"/> (a URL or a connection string).</summary>
    /// <param name="connectionString">A <c>postgres://</c> URL or an Npgsql connection string.</param>
    /// <param name="batchId">The batch's name.</param>
    /// <param name="timeProvider">The clock (default: the system clock).</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <exception cref="BatchLedgerException">The database cannot be reached or written.</exception>
    public static Task<PostgresGenerationLedger> OpenAsync(string connectionString, string batchId, TimeProvider? timeProvider = null, CancellationToken cancellationToken = default) =>
        OpenAsync(NpgsqlDataSource.Create(PostgresConnectionString.Parse(connectionString)), true, batchId, timeProvider, cancellationToken);

    /// <summary>The batches in the database that still have work (items planned, creating or created), newest first.</summary>
    /// <param name="dataSource">The database.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    public static async Task<IReadOnlyList<string>> ListUnfinishedBatchesAsync(NpgsqlDataSource dataSource, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(dataSource);
        try
        {
            await PostgresSchema.EnsureAsync(dataSource, cancellationToken).ConfigureAwait(false);
            await using var command = dataSource.CreateCommand("""
                SELECT b.batch_id FROM nanobanana.batches b
                WHERE EXISTS (SELECT 1 FROM nanobanana.batch_items i WHERE i.batch_id = b.batch_id AND i.state IN ('planned', 'creating', 'created'))
                ORDER BY b.created_at DESC
                """);
            var list = new List<string>();
            await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false)) list.Add(reader.GetString(0));
            return list;
        }
        catch (Exception e) when (e is NpgsqlException or InvalidOperationException)
        {
            throw new BatchLedgerException($"the ledger database {PostgresConnectionString.Describe(dataSource.ConnectionString)} cannot be read: {e.Message}", e);
        }
    }

    /// <inheritdoc />
    public async Task PlanAsync(string inputHash, IReadOnlyList<BatchItem> items, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(inputHash);
        ArgumentNullException.ThrowIfNull(items);
        BatchOutputNames.ThrowIfInvalid(items);
        await WrapAsync(async () =>
        {
            await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
            await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
            await using (var insert = new NpgsqlCommand(
                "INSERT INTO nanobanana.batches (batch_id, input_hash, created_at) VALUES (@batch, @hash, @now) ON CONFLICT (batch_id) DO NOTHING", connection, transaction))
            {
                insert.Parameters.AddWithValue("batch", BatchId);
                insert.Parameters.AddWithValue("hash", inputHash);
                insert.Parameters.AddWithValue("now", _time.GetUtcNow());
                if (await insert.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) == 0)
                {
                    // Planned before (by this runner or another): the same input, or refused.
                    await using var read = new NpgsqlCommand("SELECT input_hash FROM nanobanana.batches WHERE batch_id = @batch", connection, transaction);
                    read.Parameters.AddWithValue("batch", BatchId);
                    var recorded = (string?)await read.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false);
                    if (!string.Equals(recorded, inputHash, StringComparison.Ordinal))
                    {
                        throw new BatchLedgerException($"the ledger {Description} records another batch (input hash {recorded}, this input {inputHash}); name another batch, or use the original input");
                    }

                    return 0;
                }
            }


            await using (var copy = await connection.BeginBinaryImportAsync(
                "COPY nanobanana.batch_items (batch_id, position, item_key, request, state, updated_at) FROM STDIN (FORMAT BINARY)", cancellationToken).ConfigureAwait(false))
            {
                var now = _time.GetUtcNow();
                for (var i = 0; i < items.Count; i++)
                {
                    await copy.StartRowAsync(cancellationToken).ConfigureAwait(false);
                    await copy.WriteAsync(BatchId, NpgsqlTypes.NpgsqlDbType.Text, cancellationToken).ConfigureAwait(false);
                    await copy.WriteAsync(i, NpgsqlTypes.NpgsqlDbType.Integer, cancellationToken).ConfigureAwait(false);
                    await copy.WriteAsync(items[i].Key, NpgsqlTypes.NpgsqlDbType.Text, cancellationToken).ConfigureAwait(false);
                    await copy.WriteAsync(items[i].Request.ToWireJson(), NpgsqlTypes.NpgsqlDbType.Text, cancellationToken).ConfigureAwait(false);
                    await copy.WriteAsync("planned", NpgsqlTypes.NpgsqlDbType.Text, cancellationToken).ConfigureAwait(false);
                    await copy.WriteAsync(now, NpgsqlTypes.NpgsqlDbType.TimestampTz, cancellationToken).ConfigureAwait(false);
                }

                await copy.CompleteAsync(cancellationToken).ConfigureAwait(false);
            }

            await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
            return 0;
        }).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public Task<BatchLedgerInfo?> GetInfoAsync(CancellationToken cancellationToken = default) => WrapAsync(async () =>
    {
        await using var command = Command("SELECT input_hash FROM nanobanana.batches WHERE batch_id = @batch");
        var hash = (string?)await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false);
        return hash is null ? null : new BatchLedgerInfo(BatchId, hash, PostgresSchema.CurrentVersion);
    });

    /// <inheritdoc />
    public Task<IReadOnlyList<BatchLedgerEntry>> ReadAsync(CancellationToken cancellationToken = default) => WrapAsync<IReadOnlyList<BatchLedgerEntry>>(async () =>
    {
        await using var command = Command("SELECT position, item_key, request, state, task_id, files, reason, owner FROM nanobanana.batch_items WHERE batch_id = @batch ORDER BY position");
        var entries = new List<BatchLedgerEntry>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            entries.Add(new BatchLedgerEntry(reader.GetInt32(0), reader.GetString(1), ReadRequest(reader.GetString(2), reader.GetString(1)), BatchItemStates.Parse(reader.GetString(3)))
            {
                TaskId = reader.IsDBNull(4) ? null : reader.GetString(4),
                Files = reader.IsDBNull(5) ? [] : JsonSerializer.Deserialize(reader.GetString(5), LedgerJsonContext.Default.StringArray) ?? [],
                Reason = reader.IsDBNull(6) ? null : reader.GetString(6),
                Owner = reader.IsDBNull(7) ? null : reader.GetString(7),
            });
        }

        return entries;
    });

    /// <inheritdoc />
    public Task<BatchLedgerCounts> CountAsync(CancellationToken cancellationToken = default) => WrapAsync(async () =>
    {
        await using var command = Command("SELECT state, count(*) FROM nanobanana.batch_items WHERE batch_id = @batch GROUP BY state");
        var counts = new Dictionary<BatchItemState, int>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false)) counts[BatchItemStates.Parse(reader.GetString(0))] = (int)reader.GetInt64(1);
        return BatchLedgerCounts.From(counts);
    });

    /// <summary>The owners registered on the batch and how old their heartbeats are (for status).</summary>
    /// <param name="cancellationToken">Cancels the call.</param>
    public Task<IReadOnlyList<(string OwnerId, string Host, int Pid, TimeSpan HeartbeatAge)>> ReadOwnersAsync(CancellationToken cancellationToken = default) =>
        WrapAsync<IReadOnlyList<(string, string, int, TimeSpan)>>(async () =>
        {
            await using var command = Command("SELECT owner_id, host, pid, heartbeat_at FROM nanobanana.batch_owners WHERE batch_id = @batch ORDER BY registered_at");
            var now = _time.GetUtcNow();
            var list = new List<(string, string, int, TimeSpan)>();
            await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                list.Add((reader.GetString(0), reader.GetString(1), reader.GetInt32(2), now - reader.GetFieldValue<DateTimeOffset>(3)));
            }

            return list;
        });

    /// <inheritdoc />
    public async Task RegisterOwnerAsync(string ownerId, CancellationToken cancellationToken = default)
    {
        CheckOwner(ownerId);
        await ExecuteAsync("""
            INSERT INTO nanobanana.batch_owners (batch_id, owner_id, host, pid, registered_at, heartbeat_at) VALUES (@batch, @owner, @host, @pid, @now, @now)
            ON CONFLICT (batch_id, owner_id) DO UPDATE SET heartbeat_at = excluded.heartbeat_at
            """, cancellationToken, ("owner", ownerId), ("host", Environment.MachineName), ("pid", Environment.ProcessId)).ConfigureAwait(false);
        lock (_localOwners) _localOwners.Add(ownerId);
    }

    /// <inheritdoc />
    public async Task<bool> RenewOwnerAsync(string ownerId, CancellationToken cancellationToken = default)
    {
        CheckOwner(ownerId);
        return await ExecuteAsync("UPDATE nanobanana.batch_owners SET heartbeat_at = @now WHERE batch_id = @batch AND owner_id = @owner",
            cancellationToken, ("owner", ownerId)).ConfigureAwait(false) == 1;
    }

    /// <inheritdoc />
    public async Task ReleaseOwnerAsync(string ownerId, CancellationToken cancellationToken = default)
    {
        CheckOwner(ownerId);
        // One statement: the claims released, and the owner unregistered unless it leaves a create in flight (then it
        // stays, dead once its heartbeat stops, and the next reclaim turns that item unknown).
        await ExecuteAsync("""
            WITH released AS (
                UPDATE nanobanana.batch_items SET owner = NULL WHERE batch_id = @batch AND owner = @owner AND state <> 'creating' RETURNING 1)
            DELETE FROM nanobanana.batch_owners o WHERE o.batch_id = @batch AND o.owner_id = @owner
                AND NOT EXISTS (SELECT 1 FROM nanobanana.batch_items i WHERE i.batch_id = @batch AND i.owner = @owner AND i.state = 'creating')
            """, cancellationToken, ("owner", ownerId)).ConfigureAwait(false);
        lock (_localOwners) _localOwners.Remove(ownerId);
    }

    /// <inheritdoc />
    public Task<int> ReclaimAbandonedAsync(TimeSpan heartbeatTimeout, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(heartbeatTimeout, TimeSpan.Zero);
        string[] local;
        lock (_localOwners) local = [.. _localOwners];
        return WrapAsync(async () =>
        {
            await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
            await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
            // Dead: registered with a heartbeat older than the timeout (and not registered through this instance), or
            // named on an item without any registration at all.
            await using var command = new NpgsqlCommand("""
                WITH dead AS (
                    SELECT owner_id FROM nanobanana.batch_owners
                    WHERE batch_id = @batch AND heartbeat_at < @cutoff AND NOT (owner_id = ANY (@local))
                    UNION
                    SELECT DISTINCT i.owner FROM nanobanana.batch_items i
                    WHERE i.batch_id = @batch AND i.owner IS NOT NULL AND i.state <> 'unknown' AND NOT (i.owner = ANY (@local))
                        AND NOT EXISTS (SELECT 1 FROM nanobanana.batch_owners o WHERE o.batch_id = @batch AND o.owner_id = i.owner)),
                gone AS (
                    DELETE FROM nanobanana.batch_owners WHERE batch_id = @batch AND owner_id IN (SELECT owner_id FROM dead)),
                released AS (
                    UPDATE nanobanana.batch_items SET owner = NULL
                    WHERE batch_id = @batch AND owner IN (SELECT owner_id FROM dead) AND state NOT IN ('creating', 'unknown')),
                lost AS (
                    UPDATE nanobanana.batch_items SET state = 'unknown', reason = 'its runner stopped while its create was in flight', updated_at = @now
                    WHERE batch_id = @batch AND state = 'creating' AND (owner IS NULL OR owner IN (SELECT owner_id FROM dead))
                    RETURNING 1)
                SELECT count(*) FROM lost
                """, connection, transaction);
            command.Parameters.AddWithValue("batch", BatchId);
            var now = _time.GetUtcNow();
            command.Parameters.AddWithValue("now", now);
            command.Parameters.AddWithValue("cutoff", now - heartbeatTimeout);
            command.Parameters.AddWithValue("local", local);
            var unknown = Convert.ToInt32(await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false), System.Globalization.CultureInfo.InvariantCulture);
            await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
            return unknown;
        });
    }

    /// <inheritdoc />
    public Task<bool> TryMarkCreatingAsync(string key, string ownerId, CancellationToken cancellationToken = default)
    {
        CheckOwner(ownerId);
        return TransitionAsync(key, ownerId, BatchItemTransition.Creating, cancellationToken);
    }

    /// <inheritdoc />
    public Task<bool> TryClaimAsync(string key, string ownerId, CancellationToken cancellationToken = default)
    {
        CheckOwner(ownerId);
        return TransitionAsync(key, ownerId, BatchItemTransition.Claim, cancellationToken);
    }

    /// <inheritdoc />
    public Task<bool> MarkCreatedAsync(string key, string ownerId, string taskId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(taskId);
        return TransitionAsync(key, ownerId, BatchItemTransition.Created, cancellationToken, ("task_id", taskId));
    }

    /// <inheritdoc />
    public Task<bool> MarkPlannedAsync(string key, string ownerId, string? reason, CancellationToken cancellationToken = default) =>
        TransitionAsync(key, ownerId, BatchItemTransition.Planned, cancellationToken, ("reason", (object?)reason ?? DBNull.Value));

    /// <inheritdoc />
    public Task<bool> MarkUnknownAsync(string key, string ownerId, string reason, CancellationToken cancellationToken = default) =>
        TransitionAsync(key, ownerId, BatchItemTransition.Unknown, cancellationToken, ("reason", reason));

    /// <inheritdoc />
    public Task<bool> MarkRefusedAsync(string key, string ownerId, string reason, CancellationToken cancellationToken = default) =>
        TransitionAsync(key, ownerId, BatchItemTransition.Refused, cancellationToken, ("reason", reason));

    /// <inheritdoc />
    public Task<bool> MarkCompletedAsync(string key, string ownerId, IReadOnlyList<string> files, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(files);
        return TransitionAsync(key, ownerId, BatchItemTransition.Completed, cancellationToken,
            ("files", JsonSerializer.Serialize(files, LedgerJsonContext.Default.IReadOnlyListString)));
    }

    /// <inheritdoc />
    public Task<bool> MarkFailedAsync(string key, string ownerId, string reason, CancellationToken cancellationToken = default) =>
        TransitionAsync(key, ownerId, BatchItemTransition.Failed, cancellationToken, ("reason", reason));

    /// <inheritdoc />
    public Task<bool> MarkSaveFailedAsync(string key, string ownerId, string reason, CancellationToken cancellationToken = default) =>
        TransitionAsync(key, ownerId, BatchItemTransition.SaveFailed, cancellationToken, ("reason", reason));

    /// <inheritdoc />
    public Task<bool> NoteAsync(string key, string ownerId, string reason, CancellationToken cancellationToken = default) =>
        TransitionAsync(key, ownerId, BatchItemTransition.Note, cancellationToken, ("reason", reason));

    /// <inheritdoc />
    public Task<bool> ImportTaskIdAsync(string key, string taskId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(taskId);
        return TransitionAsync(key, null, BatchItemTransition.Imported, cancellationToken, ("task_id", taskId));
    }

    /// <inheritdoc />
    public Task<int> ReplanUnknownAsync(CancellationToken cancellationToken = default) =>
        ExecuteAsync("UPDATE nanobanana.batch_items SET state = 'planned', owner = NULL, updated_at = @now WHERE batch_id = @batch AND state = 'unknown'", cancellationToken);

    /// <inheritdoc />
    public Task<int> RetryFailedAsync(CancellationToken cancellationToken = default) => ExecuteAsync("""
        WITH saved AS (
            UPDATE nanobanana.batch_items SET state = 'created', owner = NULL, updated_at = @now WHERE batch_id = @batch AND state = 'save_failed' RETURNING 1),
        replanned AS (
            UPDATE nanobanana.batch_items SET state = 'planned', owner = NULL, files = NULL, updated_at = @now,
                reason = CASE WHEN task_id IS NULL THEN reason ELSE 'created again on request; the earlier task ' || task_id || ' failed' END,
                task_id = NULL
            WHERE batch_id = @batch AND state IN ('failed', 'refused') RETURNING 1)
        SELECT (SELECT count(*) FROM saved) + (SELECT count(*) FROM replanned)
        """, cancellationToken, scalar: true);

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        if (_ownsDataSource) await _dataSource.DisposeAsync().ConfigureAwait(false);
    }

    private static async Task<PostgresGenerationLedger> OpenAsync(NpgsqlDataSource dataSource, bool owns, string batchId, TimeProvider? timeProvider, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(dataSource);
        CheckBatchId(batchId);
        try
        {
            await PostgresSchema.EnsureAsync(dataSource, cancellationToken).ConfigureAwait(false);
            return new PostgresGenerationLedger(dataSource, owns, batchId, timeProvider ?? TimeProvider.System);
        }
        catch (Exception e) when (e is NpgsqlException or InvalidOperationException or TimeoutException)
        {
            if (owns) await dataSource.DisposeAsync().ConfigureAwait(false);
            throw new BatchLedgerException($"the ledger database {PostgresConnectionString.Describe(dataSource.ConnectionString)} cannot be used: {e.Message}", e);
        }
    }

    /// <summary>
    /// Applies <paramref name="transition"/> to the item: true when it applied (its guard held). A claim locks the row
    /// with SKIP LOCKED: a row another runner is claiming right now is skipped (false) at once, never waited for; the
    /// guard is checked again on the locked row.
    /// </summary>
    private Task<bool> TransitionAsync(string key, string? ownerId, BatchItemTransition transition, CancellationToken cancellationToken, params (string Name, object Value)[] parameters)
    {
        ArgumentException.ThrowIfNullOrEmpty(key);
        if (ownerId is not null) CheckOwner(ownerId);
        (string, object)[] all = ownerId is null ? [("key", key), .. parameters] : [("key", key), ("owner", ownerId), .. parameters];
        var guard = transition.Guard('@');
        var item = transition.IsClaim
            ? $"position = (SELECT position FROM nanobanana.batch_items WHERE batch_id = @batch AND item_key = @key AND {guard} FOR UPDATE SKIP LOCKED)"
            : "item_key = @key";
        return ChangedAsync($"UPDATE nanobanana.batch_items SET {transition.Set('@')}, updated_at = @now WHERE batch_id = @batch AND {item} AND {guard}", cancellationToken, all);
    }

    private async Task<bool> ChangedAsync(string sql, CancellationToken cancellationToken, params (string Name, object Value)[] parameters) =>
        await ExecuteAsync(sql, cancellationToken, parameters).ConfigureAwait(false) == 1;

    private Task<int> ExecuteAsync(string sql, CancellationToken cancellationToken, params (string Name, object Value)[] parameters) =>
        ExecuteAsync(sql, cancellationToken, scalar: false, parameters);

    private Task<int> ExecuteAsync(string sql, CancellationToken cancellationToken, bool scalar, params (string Name, object Value)[] parameters) => WrapAsync(async () =>
    {
        await using var command = Command(sql);
        command.Parameters.AddWithValue("now", _time.GetUtcNow());
        foreach (var (name, value) in parameters) command.Parameters.AddWithValue(name, value);
        return scalar
            ? Convert.ToInt32(await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false), System.Globalization.CultureInfo.InvariantCulture)
            : await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    });

    private NpgsqlCommand Command(string sql)
    {
        var command = _dataSource.CreateCommand(sql);
        command.Parameters.AddWithValue("batch", BatchId);
        return command;
    }

    /// <summary>Every database failure as the ledger's own: the change may not be durable, so the caller must not go on as if it were.</summary>
    private async Task<T> WrapAsync<T>(Func<Task<T>> body)
    {
        try
        {
            return await body().ConfigureAwait(false);
        }
        catch (Exception e) when (e is NpgsqlException or TimeoutException or InvalidOperationException)
        {
            throw new BatchLedgerException($"the ledger {Description} cannot be written: {e.Message}", e);
        }
    }

    private GenerationRequest ReadRequest(string json, string key)
    {
        try
        {
            return GenerationRequest.FromWireJson(json);
        }
        catch (JsonException e)
        {
            throw new BatchLedgerException($"the ledger {Description} holds a request for '{key}' that cannot be read ({e.Message})", e);
        }
    }

    private static void CheckOwner(string ownerId)
    {
        ArgumentException.ThrowIfNullOrEmpty(ownerId);
        if (ownerId.Length > 64 || !ownerId.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_'))
        {
            throw new ArgumentException("An owner id is 1 to 64 letters, digits, '-' or '_'.", nameof(ownerId));
        }
    }

    private static void CheckBatchId(string batchId)
    {
        ArgumentException.ThrowIfNullOrEmpty(batchId);
        if (batchId.Length > 64 || !batchId.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.'))
        {
            throw new ArgumentException($"A batch name is 1 to 64 letters, digits, '-', '_' or '.'; got '{batchId}'.", nameof(batchId));
        }
    }
}

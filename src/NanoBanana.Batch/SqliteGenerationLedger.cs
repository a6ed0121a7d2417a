using System.Globalization;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using NanoBanana.Client;

namespace NanoBanana.Batch;

/// <summary>
/// The embedded <see cref="IGenerationLedger"/>: one SQLite file in WAL mode with <c>synchronous=FULL</c>, so each
/// change is on disk (fsync) before its method returns, except <see cref="MarkCompletedAsync"/>, whose loss is harmless
/// (the item stays created and a resume downloads it again): it survives a killed process, and reaches the disk with
/// the next fsync'd change, so it may be lost only to a power cut. Two connections per instance (the fsync'd one and
/// the one for completed items), used by one caller at a time; several instances (in one process or several)
/// may open the same file. Open with <see cref="OpenAsync"/>; it writes
/// once at open, so a read-only file or folder or a full disk fails there, before any create.
/// </summary>
/// <remarks>
/// An owner is alive while it holds its OS lock: <see cref="RegisterOwnerAsync"/> takes an exclusive lock on
/// <c>LEDGER.owner-ID.lock</c>, which the kernel releases however the process ends, so a crashed runner's creates are
/// reclaimed at once by the next run and a live runner's never are, whatever the heartbeat says. The heartbeat is
/// recorded too (for status and for implementations without such a lock).
/// </remarks>
public sealed class SqliteGenerationLedger : IGenerationLedger, IDisposable, IAsyncDisposable
{
    /// <summary>The schema version this version writes (and the newest it reads). 1 had no version, owners, or wire JSON requests.</summary>
    public const int SchemaVersion = 2;

    private readonly SqliteConnection _connection;
    private readonly SqliteConnection _relaxed;
    private readonly TimeProvider _time;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly Dictionary<string, FileStream> _ownerLocks = new(StringComparer.Ordinal);

    private SqliteGenerationLedger(string path, SqliteConnection connection, SqliteConnection relaxed, TimeProvider time)
    {
        Path = path;
        _connection = connection;
        _relaxed = relaxed;
        _time = time;
    }

    /// <summary>The ledger file.</summary>
    public string Path { get; }

    /// <summary>Opens (creating if missing) the ledger at <paramref name="path"/>, upgrades an older schema, and proves it writable.</summary>
    /// <param name="path">The ledger file; its folder is created if missing.</param>
    /// <param name="timeProvider">The clock for the recorded times (default: the system clock).</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <exception cref="BatchLedgerException">The ledger cannot be created or written, or a newer version wrote it.</exception>
    public static async Task<SqliteGenerationLedger> OpenAsync(string path, TimeProvider? timeProvider = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        var time = timeProvider ?? TimeProvider.System;
        var full = System.IO.Path.GetFullPath(path);
        SqliteConnection? connection = null;
        SqliteConnection? relaxed = null;
        try
        {
            var folder = System.IO.Path.GetDirectoryName(full);
            if (!string.IsNullOrEmpty(folder)) Directory.CreateDirectory(folder);
            var connectionString = new SqliteConnectionStringBuilder
            {
                DataSource = full,
                Mode = SqliteOpenMode.ReadWriteCreate,
                Pooling = false,
                DefaultTimeout = 30,
            }.ToString();
            connection = new SqliteConnection(connectionString);
            await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
            await ExecuteAsync(connection, """
                PRAGMA busy_timeout = 10000;
                PRAGMA journal_mode = WAL;
                PRAGMA synchronous = FULL;
                CREATE TABLE IF NOT EXISTS meta (name TEXT PRIMARY KEY, value TEXT NOT NULL);
                """, cancellationToken).ConfigureAwait(false);
            await MigrateAsync(connection, full, time, cancellationToken).ConfigureAwait(false);
            // A real write: a read-only file or a full disk fails here, not at the first create's mark.
            await ExecuteAsync(connection, "INSERT OR REPLACE INTO meta(name, value) VALUES ('opened_at', $now)", cancellationToken, ("$now", Now(time))).ConfigureAwait(false);
            // The second connection commits without an fsync (WAL, synchronous=NORMAL): kept across a killed process, not
            // across a power cut until the next fsync'd commit, which carries it too (the WAL is written in order). Only
            // for changes whose loss is harmless (BatchItemTransition.MayBeLostOnPowerCut): it never waits on an fsync
            // that the money changes (the creating mark, the task id) queue behind.
            relaxed = new SqliteConnection(connectionString);
            await relaxed.OpenAsync(cancellationToken).ConfigureAwait(false);
            await ExecuteAsync(relaxed, "PRAGMA busy_timeout = 10000; PRAGMA synchronous = NORMAL;", cancellationToken).ConfigureAwait(false);
            return new SqliteGenerationLedger(full, connection, relaxed, time);
        }
        catch (Exception e) when (e is SqliteException or IOException or UnauthorizedAccessException)
        {
            if (relaxed is not null) await relaxed.DisposeAsync().ConfigureAwait(false);
            if (connection is not null) await connection.DisposeAsync().ConfigureAwait(false);
            throw new BatchLedgerException($"the ledger {full} cannot be written: {e.Message}", e);
        }
        catch
        {
            if (relaxed is not null) await relaxed.DisposeAsync().ConfigureAwait(false);
            if (connection is not null) await connection.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <inheritdoc />
    public async Task PlanAsync(string inputHash, IReadOnlyList<BatchItem> items, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(inputHash);
        ArgumentNullException.ThrowIfNull(items);
        BatchOutputNames.ThrowIfInvalid(items);
        await LockedAsync(async () =>
        {
            var recorded = await ScalarAsync("SELECT value FROM meta WHERE name = 'input_hash'", cancellationToken).ConfigureAwait(false);
            if (recorded is not null)
            {
                if (!string.Equals(recorded, inputHash, StringComparison.Ordinal))
                {
                    throw new BatchLedgerException($"the ledger {Path} records another batch (input hash {recorded}, this input {inputHash}); use another --out or --ledger, or the original input");
                }

                return 0;
            }

            await using var transaction = (SqliteTransaction)await _connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
            using (var insert = _connection.CreateCommand())
            {
                insert.Transaction = transaction;
                insert.CommandText = "INSERT INTO items(position, item_key, request, state, updated_at) VALUES ($position, $key, $request, 'planned', $now)";
                var position = insert.Parameters.Add("$position", SqliteType.Integer);
                var key = insert.Parameters.Add("$key", SqliteType.Text);
                var request = insert.Parameters.Add("$request", SqliteType.Text);
                insert.Parameters.AddWithValue("$now", Now(_time));
                for (var i = 0; i < items.Count; i++)
                {
                    position.Value = i;
                    key.Value = items[i].Key;
                    request.Value = items[i].Request.ToWireJson();
                    await insert.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
                }
            }

            await ExecuteAsync(_connection, "INSERT INTO meta(name, value) VALUES ('input_hash', $hash), ('batch_id', $id)", cancellationToken, transaction,
                ("$hash", inputHash), ("$id", Guid.NewGuid().ToString("N"))).ConfigureAwait(false);
            await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
            return 0;
        }, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public Task<BatchLedgerInfo?> GetInfoAsync(CancellationToken cancellationToken = default) => LockedAsync(async () =>
    {
        var hash = await ScalarAsync("SELECT value FROM meta WHERE name = 'input_hash'", cancellationToken).ConfigureAwait(false);
        if (hash is null) return null;
        var id = await ScalarAsync("SELECT value FROM meta WHERE name = 'batch_id'", cancellationToken).ConfigureAwait(false);
        return new BatchLedgerInfo(id ?? string.Empty, hash, SchemaVersion);
    }, cancellationToken);

    /// <inheritdoc />
    public Task<IReadOnlyList<BatchLedgerEntry>> ReadAsync(CancellationToken cancellationToken = default) => LockedAsync<IReadOnlyList<BatchLedgerEntry>>(async () =>
    {
        using var command = _connection.CreateCommand();
        command.CommandText = "SELECT position, item_key, request, state, task_id, files, reason, owner FROM items ORDER BY position";
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
    }, cancellationToken);

    /// <inheritdoc />
    public Task<BatchLedgerCounts> CountAsync(CancellationToken cancellationToken = default) => LockedAsync(async () =>
    {
        using var command = _connection.CreateCommand();
        command.CommandText = "SELECT state, COUNT(*) FROM items GROUP BY state";
        var counts = new Dictionary<BatchItemState, int>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            counts[BatchItemStates.Parse(reader.GetString(0))] = reader.GetInt32(1);
        }

        return BatchLedgerCounts.From(counts);
    }, cancellationToken);

    /// <inheritdoc />
    public async Task RegisterOwnerAsync(string ownerId, CancellationToken cancellationToken = default)
    {
        CheckOwner(ownerId);
        var lockPath = OwnerLockPath(ownerId);
        FileStream ownerLock;
        try
        {
            ownerLock = new FileStream(lockPath, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new BatchLedgerException($"the ledger {Path} cannot be written: {e.Message}", e);
        }

        lock (_ownerLocks) _ownerLocks[ownerId] = ownerLock;
        await UpdateAsync("INSERT OR REPLACE INTO owners(owner_id, heartbeat_at, pid) VALUES ($owner, $now, $pid)", cancellationToken,
            ("$owner", ownerId), ("$pid", Environment.ProcessId)).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async Task<bool> RenewOwnerAsync(string ownerId, CancellationToken cancellationToken = default)
    {
        CheckOwner(ownerId);
        return await UpdateAsync("UPDATE owners SET heartbeat_at = $now WHERE owner_id = $owner", cancellationToken, ("$owner", ownerId)).ConfigureAwait(false) == 1;
    }

    /// <inheritdoc />
    public async Task ReleaseOwnerAsync(string ownerId, CancellationToken cancellationToken = default)
    {
        CheckOwner(ownerId);
        await UpdateAsync("UPDATE items SET owner = NULL WHERE owner = $owner AND state <> 'creating'", cancellationToken, ("$owner", ownerId)).ConfigureAwait(false);
        var creating = await LockedAsync(() => ScalarAsync("SELECT COUNT(*) FROM items WHERE owner = $owner AND state = 'creating'", cancellationToken, ("$owner", ownerId)), cancellationToken).ConfigureAwait(false);
        // An owner that leaves an item creating stays registered (dead once its lock is gone): the next reclaim marks it unknown.
        if (creating is "0" or null) await UpdateAsync("DELETE FROM owners WHERE owner_id = $owner", cancellationToken, ("$owner", ownerId)).ConfigureAwait(false);
        FileStream? ownerLock;
        lock (_ownerLocks)
        {
            _ownerLocks.Remove(ownerId, out ownerLock);
        }

        if (ownerLock is not null)
        {
            await ownerLock.DisposeAsync().ConfigureAwait(false);
            TryDelete(OwnerLockPath(ownerId));
        }
    }

    /// <inheritdoc />
    public async Task<int> ReclaimAbandonedAsync(TimeSpan heartbeatTimeout, CancellationToken cancellationToken = default)
    {
        var owners = await LockedAsync(async () =>
        {
            var list = new List<string>();
            using var command = _connection.CreateCommand();
            command.CommandText = "SELECT owner_id FROM owners UNION SELECT DISTINCT owner FROM items WHERE owner IS NOT NULL AND state <> 'unknown'";
            await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false)) list.Add(reader.GetString(0));
            return list;
        }, cancellationToken).ConfigureAwait(false);

        var dead = owners.Where(o => !IsAlive(o)).ToList();
        var unknown = 0;
        foreach (var owner in dead)
        {
            unknown += await UpdateAsync("UPDATE items SET state = 'unknown', reason = 'its runner stopped while its create was in flight', updated_at = $now WHERE owner = $owner AND state = 'creating'",
                cancellationToken, ("$owner", owner)).ConfigureAwait(false);
            await UpdateAsync("UPDATE items SET owner = NULL WHERE owner = $owner AND state NOT IN ('creating', 'unknown')", cancellationToken, ("$owner", owner)).ConfigureAwait(false);
            await UpdateAsync("DELETE FROM owners WHERE owner_id = $owner", cancellationToken, ("$owner", owner)).ConfigureAwait(false);
            TryDelete(OwnerLockPath(owner));
        }

        // Creating with no owner at all: an older ledger's interrupted create.
        unknown += await UpdateAsync("UPDATE items SET state = 'unknown', reason = 'the run stopped while its create was in flight', updated_at = $now WHERE owner IS NULL AND state = 'creating'",
            cancellationToken).ConfigureAwait(false);
        return unknown;
    }

    /// <inheritdoc />
    public Task<bool> TryMarkCreatingAsync(string key, string ownerId, CancellationToken cancellationToken = default) =>
        TransitionAsync(key, ownerId, BatchItemTransition.Creating, cancellationToken);

    /// <inheritdoc />
    public Task<bool> TryClaimAsync(string key, string ownerId, CancellationToken cancellationToken = default) =>
        TransitionAsync(key, ownerId, BatchItemTransition.Claim, cancellationToken);

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
        UpdateAsync("UPDATE items SET state = 'planned', owner = NULL, updated_at = $now WHERE state = 'unknown'", cancellationToken);

    /// <inheritdoc />
    public Task<int> RetryFailedAsync(CancellationToken cancellationToken = default) => LockedAsync(async () =>
    {
        await using var transaction = (SqliteTransaction)await _connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        var now = Now(_time);
        var changed = await ExecuteAsync(_connection, "UPDATE items SET state = 'created', owner = NULL, updated_at = $now WHERE state = 'save_failed'", cancellationToken, transaction, ("$now", now)).ConfigureAwait(false);
        changed += await ExecuteAsync(_connection, """
            UPDATE items SET state = 'planned', owner = NULL, files = NULL, updated_at = $now,
                reason = CASE WHEN task_id IS NULL THEN reason ELSE 'created again on request; the earlier task ' || task_id || ' failed' END,
                task_id = NULL
            WHERE state IN ('failed', 'refused')
            """, cancellationToken, transaction, ("$now", now)).ConfigureAwait(false);
        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        return changed;
    }, cancellationToken, wrapWriteErrors: true);

    /// <inheritdoc />
    public void Dispose()
    {
        ReleaseLocks();
        _relaxed.Dispose();
        _connection.Dispose();
        _gate.Dispose();
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        ReleaseLocks();
        await _relaxed.DisposeAsync().ConfigureAwait(false);
        await _connection.DisposeAsync().ConfigureAwait(false);
        _gate.Dispose();
    }

    /// <summary>Creates or upgrades the schema; refuses a newer one.</summary>
    private static async Task MigrateAsync(SqliteConnection connection, string path, TimeProvider time, CancellationToken cancellationToken)
    {
        var versionText = await ScalarAsync(connection, "SELECT value FROM meta WHERE name = 'schema_version'", cancellationToken).ConfigureAwait(false);
        var hasItems = await ScalarAsync(connection, "SELECT name FROM sqlite_master WHERE type = 'table' AND name = 'items'", cancellationToken).ConfigureAwait(false) is not null;
        var version = versionText is not null ? int.Parse(versionText, CultureInfo.InvariantCulture) : hasItems ? 1 : 0;
        if (version == SchemaVersion) return;
        if (version > SchemaVersion)
        {
            throw new BatchLedgerException($"the ledger {path} has schema version {version}, newer than this version reads ({SchemaVersion}); use a newer nanobanana");
        }

        await using var transaction = (SqliteTransaction)await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        if (version == 0)
        {
            await ExecuteAsync(connection, """
                CREATE TABLE items (
                    position INTEGER PRIMARY KEY,
                    item_key TEXT NOT NULL UNIQUE,
                    request TEXT NOT NULL,
                    state TEXT NOT NULL,
                    task_id TEXT,
                    files TEXT,
                    reason TEXT,
                    owner TEXT,
                    updated_at TEXT NOT NULL);
                CREATE INDEX items_state ON items(state);
                """, cancellationToken, transaction).ConfigureAwait(false);
        }
        else
        {
            // Version 1: no owners, requests as the C# type's JSON, 'failed' for refused creates and lost tasks alike.
            await ExecuteAsync(connection, "ALTER TABLE items ADD COLUMN owner TEXT", cancellationToken, transaction).ConfigureAwait(false);
            var rows = new List<(long Position, string Request)>();
            using (var select = connection.CreateCommand())
            {
                select.Transaction = transaction;
                select.CommandText = "SELECT position, request FROM items";
                await using var reader = await select.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
                while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false)) rows.Add((reader.GetInt64(0), reader.GetString(1)));
            }

            foreach (var (position, request) in rows)
            {
                await ExecuteAsync(connection, "UPDATE items SET request = $request WHERE position = $position", cancellationToken, transaction,
                    ("$request", UpgradeRequest(request, path)), ("$position", position)).ConfigureAwait(false);
            }

            await ExecuteAsync(connection, """
                UPDATE items SET state = 'refused' WHERE state = 'failed' AND task_id IS NULL;
                UPDATE items SET state = 'created', reason = 'the API said task_not_found; asked again' WHERE state = 'failed' AND task_id IS NOT NULL AND reason LIKE '%not found%';
                """, cancellationToken, transaction).ConfigureAwait(false);
        }

        await ExecuteAsync(connection, """
            CREATE TABLE IF NOT EXISTS owners (owner_id TEXT PRIMARY KEY, heartbeat_at TEXT NOT NULL, pid INTEGER);
            CREATE INDEX IF NOT EXISTS items_owner ON items(owner);
            INSERT OR REPLACE INTO meta(name, value) VALUES ('schema_version', $version);
            INSERT OR IGNORE INTO meta(name, value) SELECT 'batch_id', $id WHERE EXISTS (SELECT 1 FROM meta WHERE name = 'input_hash');
            INSERT OR REPLACE INTO meta(name, value) VALUES ('migrated_at', $now);
            """, cancellationToken, transaction,
            ("$version", SchemaVersion.ToString(CultureInfo.InvariantCulture)), ("$id", Guid.NewGuid().ToString("N")), ("$now", Now(time))).ConfigureAwait(false);
        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>A version-1 request (the C# type's JSON) as wire JSON, through the JSON tree: the type's member names play no part.</summary>
    private static string UpgradeRequest(string json, string path)
    {
        try
        {
            return GenerationRequest.FromWireJson(json).ToWireJson();
        }
        catch (JsonException e)
        {
            throw new BatchLedgerException($"the ledger {path} holds a request that cannot be read ({e.Message})", e);
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
            throw new BatchLedgerException($"the ledger {Path} holds a request for '{key}' that cannot be read ({e.Message})", e);
        }
    }

    private bool IsAlive(string ownerId)
    {
        lock (_ownerLocks)
        {
            if (_ownerLocks.ContainsKey(ownerId)) return true;
        }

        var path = OwnerLockPath(ownerId);
        if (!File.Exists(path)) return false;
        try
        {
            using var probe = new FileStream(path, FileMode.Open, FileAccess.ReadWrite, FileShare.None);
            return false; // nobody holds it: its owner is gone
        }
        catch (IOException)
        {
            return true;
        }
        catch (UnauthorizedAccessException)
        {
            return true;
        }
    }

    private string OwnerLockPath(string ownerId) => $"{Path}.owner-{ownerId}.lock";

    private static void CheckOwner(string ownerId)
    {
        ArgumentException.ThrowIfNullOrEmpty(ownerId);
        if (!ownerId.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_') || ownerId.Length > 64)
        {
            throw new ArgumentException("An owner id is 1 to 64 letters, digits, '-' or '_'.", nameof(ownerId));
        }
    }

    private static string Owner(string ownerId)
    {
        CheckOwner(ownerId);
        return ownerId;
    }

    private static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
        }
    }

    private void ReleaseLocks()
    {
        lock (_ownerLocks)
        {
            foreach (var ownerLock in _ownerLocks.Values) ownerLock.Dispose();
            _ownerLocks.Clear();
        }
    }

    /// <summary>Applies <paramref name="transition"/> to the item: true when it applied (its guard held).</summary>
    private async Task<bool> TransitionAsync(string key, string? ownerId, BatchItemTransition transition, CancellationToken cancellationToken, params (string Name, object Value)[] parameters)
    {
        ArgumentException.ThrowIfNullOrEmpty(key);
        (string, object)[] all = [("$key", key), .. parameters.Select(p => ("$" + p.Name, p.Value))];
        if (ownerId is not null) all = [.. all, ("$owner", Owner(ownerId))];
        var sql = $"UPDATE items SET {transition.Set('$')}, updated_at = $now WHERE item_key = $key AND {transition.Guard('$')}";
        // Both connections behind the one gate: they never wait on each other's SQLite lock (whose busy handler sleeps).
        var connection = transition.MayBeLostOnPowerCut ? _relaxed : _connection;
        return await LockedAsync(() => ExecuteAsync(connection, sql, cancellationToken, null, [("$now", Now(_time)), .. all]), cancellationToken, wrapWriteErrors: true).ConfigureAwait(false) == 1;
    }

    private Task<int> UpdateAsync(string sql, CancellationToken cancellationToken, params (string Name, object Value)[] parameters) => LockedAsync(
        () => ExecuteAsync(_connection, sql, cancellationToken, null, [("$now", Now(_time)), .. parameters]), cancellationToken, wrapWriteErrors: true);

    private async Task<T> LockedAsync<T>(Func<Task<T>> body, CancellationToken cancellationToken, bool wrapWriteErrors = false)
    {
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            return await body().ConfigureAwait(false);
        }
        catch (SqliteException e) when (wrapWriteErrors)
        {
            throw new BatchLedgerException($"the ledger {Path} cannot be written: {e.Message}", e);
        }
        finally
        {
            _gate.Release();
        }
    }

    private Task<string?> ScalarAsync(string sql, CancellationToken cancellationToken, params (string Name, object Value)[] parameters) =>
        ScalarAsync(_connection, sql, cancellationToken, parameters);

    private static async Task<string?> ScalarAsync(SqliteConnection connection, string sql, CancellationToken cancellationToken, params (string Name, object Value)[] parameters)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        foreach (var (name, value) in parameters) command.Parameters.AddWithValue(name, value);
        var result = await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false);
        return result is null or DBNull ? null : Convert.ToString(result, CultureInfo.InvariantCulture);
    }

    private static Task<int> ExecuteAsync(SqliteConnection connection, string sql, CancellationToken cancellationToken, params (string Name, object Value)[] parameters) =>
        ExecuteAsync(connection, sql, cancellationToken, null, parameters);

    private static async Task<int> ExecuteAsync(SqliteConnection connection, string sql, CancellationToken cancellationToken, SqliteTransaction? transaction, params (string Name, object Value)[] parameters)
    {
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        foreach (var (name, value) in parameters) command.Parameters.AddWithValue(name, value);
        return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    private static string Now(TimeProvider time) => time.GetUtcNow().ToString("O", CultureInfo.InvariantCulture);
}

using System.Globalization;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using NanoBanana.Client;

namespace NanoBanana.Batch;

/// <summary>
/// The embedded <see cref="IGenerationLedger"/>: one SQLite file in WAL mode with <c>synchronous=FULL</c>, so each
/// change is on disk (fsync) before its method returns. One connection, used by one caller at a time.
/// Open with <see cref="OpenAsync"/>; it writes once at open, so a read-only file or folder or a full disk
/// fails there, before any create.
/// </summary>
public sealed class SqliteGenerationLedger : IGenerationLedger, IDisposable, IAsyncDisposable
{
    private readonly SqliteConnection _connection;
    private readonly TimeProvider _time;
    private readonly SemaphoreSlim _gate = new(1, 1);

    private SqliteGenerationLedger(string path, SqliteConnection connection, TimeProvider time)
    {
        Path = path;
        _connection = connection;
        _time = time;
    }

    /// <summary>The ledger file.</summary>
    public string Path { get; }

    /// <summary>Opens (creating if missing) the ledger at <paramref name="path"/> and proves it writable.</summary>
    /// <param name="path">The ledger file; its folder is created if missing.</param>
    /// <param name="timeProvider">The clock for the recorded times (default: the system clock).</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <exception cref="BatchLedgerException">The ledger cannot be created or written.</exception>
    public static async Task<SqliteGenerationLedger> OpenAsync(string path, TimeProvider? timeProvider = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        var time = timeProvider ?? TimeProvider.System;
        var full = System.IO.Path.GetFullPath(path);
        SqliteConnection? connection = null;
        try
        {
            var folder = System.IO.Path.GetDirectoryName(full);
            if (!string.IsNullOrEmpty(folder)) Directory.CreateDirectory(folder);
            connection = new SqliteConnection(new SqliteConnectionStringBuilder
            {
                DataSource = full,
                Mode = SqliteOpenMode.ReadWriteCreate,
                Pooling = false,
                DefaultTimeout = 30,
            }.ToString());
            await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
            await ExecuteAsync(connection, """
                PRAGMA busy_timeout = 10000;
                PRAGMA journal_mode = WAL;
                PRAGMA synchronous = FULL;
                CREATE TABLE IF NOT EXISTS meta (name TEXT PRIMARY KEY, value TEXT NOT NULL);
                CREATE TABLE IF NOT EXISTS items (
                    position INTEGER PRIMARY KEY,
                    item_key TEXT NOT NULL UNIQUE,
                    request TEXT NOT NULL,
                    state TEXT NOT NULL,
                    task_id TEXT,
                    files TEXT,
                    reason TEXT,
                    updated_at TEXT NOT NULL);
                CREATE INDEX IF NOT EXISTS items_state ON items(state);
                """, cancellationToken).ConfigureAwait(false);
            // A real write: a read-only file or a full disk fails here, not at the first create's mark.
            await ExecuteAsync(connection, "INSERT OR REPLACE INTO meta(name, value) VALUES ('opened_at', $now)", cancellationToken, ("$now", Now(time))).ConfigureAwait(false);
            return new SqliteGenerationLedger(full, connection, time);
        }
        catch (Exception e) when (e is SqliteException or IOException or UnauthorizedAccessException)
        {
            if (connection is not null) await connection.DisposeAsync().ConfigureAwait(false);
            throw new BatchLedgerException($"the ledger {full} cannot be written: {e.Message}", e);
        }
    }

    /// <inheritdoc />
    public async Task PlanAsync(string inputHash, IReadOnlyList<BatchItem> items, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(inputHash);
        ArgumentNullException.ThrowIfNull(items);
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
                    request.Value = JsonSerializer.Serialize(items[i].Request, LedgerJsonContext.Default.GenerationRequest);
                    await insert.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
                }
            }

            using (var meta = _connection.CreateCommand())
            {
                meta.Transaction = transaction;
                meta.CommandText = "INSERT INTO meta(name, value) VALUES ('input_hash', $hash)";
                meta.Parameters.AddWithValue("$hash", inputHash);
                await meta.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            }

            await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
            return 0;
        }, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public Task<string?> GetInputHashAsync(CancellationToken cancellationToken = default) =>
        LockedAsync(() => ScalarAsync("SELECT value FROM meta WHERE name = 'input_hash'", cancellationToken), cancellationToken);

    /// <inheritdoc />
    public Task<IReadOnlyList<BatchLedgerEntry>> ReadAsync(CancellationToken cancellationToken = default) => LockedAsync<IReadOnlyList<BatchLedgerEntry>>(async () =>
    {
        using var command = _connection.CreateCommand();
        command.CommandText = "SELECT position, item_key, request, state, task_id, files, reason FROM items ORDER BY position";
        var entries = new List<BatchLedgerEntry>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            entries.Add(new BatchLedgerEntry(
                reader.GetInt32(0),
                reader.GetString(1),
                JsonSerializer.Deserialize(reader.GetString(2), LedgerJsonContext.Default.GenerationRequest) ?? throw new BatchLedgerException($"the ledger {Path} holds an empty request"),
                ParseState(reader.GetString(3)),
                reader.IsDBNull(4) ? null : reader.GetString(4),
                reader.IsDBNull(5) ? [] : JsonSerializer.Deserialize(reader.GetString(5), LedgerJsonContext.Default.StringArray) ?? [],
                reader.IsDBNull(6) ? null : reader.GetString(6)));
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
            counts[ParseState(reader.GetString(0))] = reader.GetInt32(1);
        }

        int Of(BatchItemState s) => counts.GetValueOrDefault(s);
        return new BatchLedgerCounts(Of(BatchItemState.Planned), Of(BatchItemState.Creating), Of(BatchItemState.Created),
            Of(BatchItemState.Completed), Of(BatchItemState.Failed), Of(BatchItemState.Unknown));
    }, cancellationToken);

    /// <inheritdoc />
    public Task<bool> TryMarkCreatingAsync(string key, CancellationToken cancellationToken = default) =>
        TransitionAsync(key, "state = 'planned'", "state = 'creating'", cancellationToken);

    /// <inheritdoc />
    public Task<bool> MarkCreatedAsync(string key, string taskId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(taskId);
        return TransitionAsync(key, "state = 'creating'", "state = 'created', task_id = $taskId", cancellationToken, ("$taskId", taskId));
    }

    /// <inheritdoc />
    public Task<bool> MarkPlannedAsync(string key, CancellationToken cancellationToken = default) =>
        TransitionAsync(key, "state = 'creating'", "state = 'planned'", cancellationToken);

    /// <inheritdoc />
    public Task<bool> MarkUnknownAsync(string key, string reason, CancellationToken cancellationToken = default) =>
        TransitionAsync(key, "state = 'creating'", "state = 'unknown', reason = $reason", cancellationToken, ("$reason", reason));

    /// <inheritdoc />
    public Task<bool> MarkCompletedAsync(string key, IReadOnlyList<string> files, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(files);
        return TransitionAsync(key, "state IN ('created', 'completed')", "state = 'completed', files = $files, reason = NULL", cancellationToken,
            ("$files", JsonSerializer.Serialize(files, LedgerJsonContext.Default.IReadOnlyListString)));
    }

    /// <inheritdoc />
    public Task<bool> MarkFailedAsync(string key, string reason, CancellationToken cancellationToken = default) =>
        TransitionAsync(key, "state IN ('creating', 'created')", "state = 'failed', reason = $reason", cancellationToken, ("$reason", reason));

    /// <inheritdoc />
    public Task<int> MarkInterruptedCreatesUnknownAsync(CancellationToken cancellationToken = default) =>
        UpdateAsync("UPDATE items SET state = 'unknown', reason = 'the run stopped while its create was in flight', updated_at = $now WHERE state = 'creating'", cancellationToken);

    /// <inheritdoc />
    public Task<int> ReplanUnknownAsync(CancellationToken cancellationToken = default) =>
        UpdateAsync("UPDATE items SET state = 'planned', updated_at = $now WHERE state = 'unknown'", cancellationToken);

    /// <inheritdoc />
    public void Dispose()
    {
        _connection.Dispose();
        _gate.Dispose();
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await _connection.DisposeAsync().ConfigureAwait(false);
        _gate.Dispose();
    }

    private async Task<bool> TransitionAsync(string key, string from, string set, CancellationToken cancellationToken, params (string Name, object Value)[] parameters)
    {
        ArgumentException.ThrowIfNullOrEmpty(key);
        var changed = await UpdateAsync($"UPDATE items SET {set}, updated_at = $now WHERE item_key = $key AND {from}", cancellationToken,
            [("$key", key), .. parameters]).ConfigureAwait(false);
        return changed == 1;
    }

    private Task<int> UpdateAsync(string sql, CancellationToken cancellationToken, params (string Name, object Value)[] parameters) => LockedAsync(async () =>
    {
        try
        {
            return await ExecuteAsync(_connection, sql, cancellationToken, [("$now", Now(_time)), .. parameters]).ConfigureAwait(false);
        }
        catch (SqliteException e)
        {
            throw new BatchLedgerException($"the ledger {Path} cannot be written: {e.Message}", e);
        }
    }, cancellationToken);

    private async Task<T> LockedAsync<T>(Func<Task<T>> body, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            return await body().ConfigureAwait(false);
        }
        finally
        {
            _gate.Release();
        }
    }

    private async Task<string?> ScalarAsync(string sql, CancellationToken cancellationToken)
    {
        using var command = _connection.CreateCommand();
        command.CommandText = sql;
        return await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) as string;
    }

    private static async Task<int> ExecuteAsync(SqliteConnection connection, string sql, CancellationToken cancellationToken, params (string Name, object Value)[] parameters)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        foreach (var (name, value) in parameters) command.Parameters.AddWithValue(name, value);
        return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    private static string Now(TimeProvider time) => time.GetUtcNow().ToString("O", CultureInfo.InvariantCulture);

    private static BatchItemState ParseState(string text) => text switch
    {
        "planned" => BatchItemState.Planned,
        "creating" => BatchItemState.Creating,
        "created" => BatchItemState.Created,
        "completed" => BatchItemState.Completed,
        "failed" => BatchItemState.Failed,
        "unknown" => BatchItemState.Unknown,
        _ => throw new BatchLedgerException($"unknown item state '{text}' in the ledger"),
    };
}

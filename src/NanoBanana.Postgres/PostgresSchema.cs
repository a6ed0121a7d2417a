using Npgsql;

namespace NanoBanana.Postgres;

/// <summary>
/// The package's tables, in the schema <c>nanobanana</c>, created and migrated by the package itself: each version's
/// script runs once, in order, in one transaction under an advisory lock (so replicas starting together migrate
/// once), and <c>nanobanana.schema_version</c> records which ran. A database migrated by a newer package is refused
/// rather than written with old assumptions. docs/scale.md lists the tables.
/// </summary>
public static class PostgresSchema
{
    /// <summary>The schema version this package writes.</summary>
    public const int CurrentVersion = 1;

    // An arbitrary constant: the advisory lock held while migrating.
    private const long MigrationLock = 0x4E616E6F42616E;

    /// <summary>Each version's script; version N is Migrations[N - 1].</summary>
    private static readonly string[] Migrations =
    [
        """
        CREATE TABLE nanobanana.callback_claims (
            task_id text NOT NULL,
            status text NOT NULL,
            state text NOT NULL CHECK (state IN ('in_progress', 'handled')),
            owner text,
            lease_until timestamptz,
            updated_at timestamptz NOT NULL,
            PRIMARY KEY (task_id, status));
        CREATE TABLE nanobanana.batches (
            batch_id text PRIMARY KEY,
            input_hash text NOT NULL,
            created_at timestamptz NOT NULL);
        CREATE TABLE nanobanana.batch_items (
            batch_id text NOT NULL REFERENCES nanobanana.batches (batch_id) ON DELETE CASCADE,
            position integer NOT NULL,
            item_key text NOT NULL,
            request text NOT NULL,
            state text NOT NULL CHECK (state IN ('planned', 'creating', 'created', 'completed', 'failed', 'unknown', 'refused', 'save_failed')),
            task_id text,
            files text,
            reason text,
            owner text,
            updated_at timestamptz NOT NULL,
            PRIMARY KEY (batch_id, position),
            UNIQUE (batch_id, item_key));
        CREATE INDEX batch_items_state ON nanobanana.batch_items (batch_id, state, position);
        CREATE INDEX batch_items_owner ON nanobanana.batch_items (batch_id, owner) WHERE owner IS NOT NULL;
        CREATE TABLE nanobanana.batch_owners (
            batch_id text NOT NULL REFERENCES nanobanana.batches (batch_id) ON DELETE CASCADE,
            owner_id text NOT NULL,
            host text NOT NULL,
            pid integer NOT NULL,
            registered_at timestamptz NOT NULL,
            heartbeat_at timestamptz NOT NULL,
            PRIMARY KEY (batch_id, owner_id));
        """,
    ];

    /// <summary>Creates the schema, or migrates it to <see cref="CurrentVersion"/>; safe to call from many processes at once.</summary>
    /// <param name="dataSource">The database.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The version the database was at before (0 for a new one).</returns>
    /// <exception cref="InvalidOperationException">The database was migrated by a newer package.</exception>
    public static async Task<int> EnsureAsync(NpgsqlDataSource dataSource, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(dataSource);
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        await ExecuteAsync(connection, transaction, $"SELECT pg_advisory_xact_lock({MigrationLock})", cancellationToken).ConfigureAwait(false);
        await ExecuteAsync(connection, transaction, """
            CREATE SCHEMA IF NOT EXISTS nanobanana;
            CREATE TABLE IF NOT EXISTS nanobanana.schema_version (version integer PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now());
            """, cancellationToken).ConfigureAwait(false);
        int before;
        await using (var read = new NpgsqlCommand("SELECT coalesce(max(version), 0) FROM nanobanana.schema_version", connection, transaction))
        {
            before = Convert.ToInt32(await read.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false), System.Globalization.CultureInfo.InvariantCulture);
        }

        if (before > CurrentVersion)
        {
            throw new InvalidOperationException(
                $"the database's nanobanana schema is at version {before}, newer than this package knows ({CurrentVersion}): upgrade NanoBanana.Postgres on this machine");
        }

        for (var version = before + 1; version <= CurrentVersion; version++)
        {
            await ExecuteAsync(connection, transaction, Migrations[version - 1], cancellationToken).ConfigureAwait(false);
            await ExecuteAsync(connection, transaction, $"INSERT INTO nanobanana.schema_version (version) VALUES ({version})", cancellationToken).ConfigureAwait(false);
        }

        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        return before;
    }

    private static async Task ExecuteAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, string sql, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(sql, connection, transaction);
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }
}

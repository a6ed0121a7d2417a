using Npgsql;

namespace NanoBanana.Postgres.Tests;

/// <summary>One PostgreSQL server for the test assembly; each test takes a database of its own.</summary>
public sealed class PostgresFixture : IAsyncLifetime
{
    private PostgresServer? _server;
    private int _databases;

    public PostgresServer Server => _server ?? throw new InvalidOperationException("not started");

    public async Task InitializeAsync() => _server = await PostgresServer.StartNewAsync();

    public async Task DisposeAsync()
    {
        if (_server is not null) await _server.DisposeAsync();
    }

    /// <summary>A new, empty database; returns its connection string.</summary>
    public Task<string> CreateDatabaseAsync() => CreateDatabaseAsync(Server, $"t{Interlocked.Increment(ref _databases)}_{Guid.NewGuid():N}"[..20]);

    public static async Task<string> CreateDatabaseAsync(PostgresServer server, string name)
    {
        await using (var connection = new NpgsqlConnection(server.ConnectionString))
        {
            await connection.OpenAsync();
            await using var create = new NpgsqlCommand($"CREATE DATABASE {name}", connection);
            await create.ExecuteNonQueryAsync();
        }

        return server.ConnectionStringFor(name);
    }
}

[CollectionDefinition(Name)]
public sealed class PostgresCollection : ICollectionFixture<PostgresFixture>
{
    public const string Name = "postgres";
}

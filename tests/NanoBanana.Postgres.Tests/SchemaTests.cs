using Npgsql;

namespace NanoBanana.Postgres.Tests;

[Collection(PostgresCollection.Name)]
public sealed class SchemaTests(PostgresFixture postgres)
{
    [Fact]
    public async Task A_new_database_is_migrated_once_even_when_many_processes_start_together()
    {
        var connectionString = await postgres.CreateDatabaseAsync();
        var sources = Enumerable.Range(0, 6).Select(_ => NpgsqlDataSource.Create(connectionString)).ToArray();
        try
        {
            var before = await Task.WhenAll(sources.Select(s => PostgresSchema.EnsureAsync(s)));

            Assert.Equal(1, before.Count(v => v == 0)); // one migrated, the others found it done
            Assert.All(before.Where(v => v != 0), v => Assert.Equal(PostgresSchema.CurrentVersion, v));
            await using var read = sources[0].CreateCommand("SELECT array_agg(version ORDER BY version) FROM nanobanana.schema_version");
            Assert.Equal(Enumerable.Range(1, PostgresSchema.CurrentVersion).ToArray(), (int[])(await read.ExecuteScalarAsync())!);
        }
        finally
        {
            foreach (var s in sources) await s.DisposeAsync();
        }
    }

    [Fact]
    public async Task A_database_migrated_by_a_newer_package_is_refused()
    {
        await using var source = NpgsqlDataSource.Create(await postgres.CreateDatabaseAsync());
        await PostgresSchema.EnsureAsync(source);
        await using (var newer = source.CreateCommand($"INSERT INTO nanobanana.schema_version (version) VALUES ({PostgresSchema.CurrentVersion + 1})"))
        {
            await newer.ExecuteNonQueryAsync();
        }

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => PostgresSchema.EnsureAsync(source));
        Assert.Contains($"version {PostgresSchema.CurrentVersion + 1}", error.Message);
    }

    [Theory]
    [InlineData("postgres://app:p%40ss@db.example:6543/images?sslmode=require", "db.example", 6543, "app", "p@ss", "images")]
    [InlineData("postgresql://db.example/images", "db.example", 5432, null, null, "images")]
    [InlineData("Host=db.example;Port=5433;Username=app;Database=images", "db.example", 5433, "app", null, "images")]
    public void Urls_and_connection_strings_are_both_read(string value, string host, int port, string? user, string? password, string database)
    {
        var builder = new NpgsqlConnectionStringBuilder(PostgresConnectionString.Parse(value));

        Assert.Equal(host, builder.Host);
        Assert.Equal(port, builder.Port);
        Assert.Equal(user, builder.Username);
        Assert.Equal(password, builder.Password);
        Assert.Equal(database, builder.Database);
        Assert.DoesNotContain("p@ss", PostgresConnectionString.Describe(builder.ConnectionString));
    }
}

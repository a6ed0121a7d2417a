using System.Text.Json.Nodes;
using NanoBanana.Simulator;

namespace NanoBanana.Postgres.Tests;

/// <summary><c>nanobanana batch FILE --ledger postgres://...</c> and <c>batch status</c> as real processes.</summary>
[Collection(PostgresCollection.Name)]
public sealed class FleetCliTests(PostgresFixture postgres)
{
    [Fact]
    public async Task A_file_planned_in_postgres_runs_to_the_end_and_status_reads_it_without_printing_the_password()
    {
        var database = await postgres.CreateDatabaseAsync();
        var name = new Npgsql.NpgsqlConnectionStringBuilder(database).Database!;
        // The server trusts every connection, so any password works; it must never be printed.
        var url = $"postgres://postgres:Pw-9x7Hq2Lm@127.0.0.1:{postgres.Server.Port}/{name}";
        await using var simulator = NanoBananaSimulator.Start(new SimulatorOptions { Host = "127.0.0.1", TaskDuration = TimeSpan.FromMilliseconds(200) });
        var folder = Directory.CreateTempSubdirectory("nanobanana-fleet-cli-").FullName;
        var file = Path.Combine(folder, "prompts.jsonl");
        await File.WriteAllLinesAsync(file, Enumerable.Range(0, 5).Select(i => $$"""{"prompt":"a banana, number {{i}}","id":"b{{i}}"}"""));
        var environment = new Dictionary<string, string> { ["NANOBANANA_API_KEY"] = NanoBananaSimulator.ApiKey, ["NANOBANANA_BASE_URL"] = simulator.Url.AbsoluteUri };
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(90));
        try
        {
            await using var run = ChildProcess.Start("nanobanana.dll", ["batch", file, "--ledger", url, "--batch", "cli-run", "--out", Path.Combine(folder, "out"), "--yes"], environment);
            Assert.Equal(0, await run.WaitForExitAsync(timeout.Token));
            await using var status = ChildProcess.Start("nanobanana.dll", ["batch", "status", "--ledger", url, "--batch", "cli-run", "--json"], environment);
            Assert.Equal(0, await status.WaitForExitAsync(timeout.Token));

            var counts = JsonNode.Parse(status.Stdout)!;
            Assert.Equal(5, (int)counts["items"]!);
            Assert.Equal(5, (int)counts["completed"]!);
            Assert.Equal("cli-run", (string)counts["batch"]!);
            Assert.Equal(5, Directory.GetFiles(Path.Combine(folder, "out"), "b*.png").Length);
            Assert.Contains("batch worker --ledger postgres://postgres@127.0.0.1", run.Stderr);
            Assert.DoesNotContain("Pw-9x7Hq2Lm", run.Stdout + run.Stderr + status.Stdout + status.Stderr);
            Assert.Equal(5, simulator.CreatesReceived);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}

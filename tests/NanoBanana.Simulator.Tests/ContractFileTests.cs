using System.Text.Json.Nodes;
using Microsoft.Extensions.Time.Testing;
using NanoBanana.Testing;

namespace NanoBanana.Simulator.Tests;

/// <summary>
/// The simulator follows the contract it is given: its answers are built from the spec's schemas, so a field added to
/// a copy of the spec (with an example) appears in them and a field removed from it disappears; and every answer
/// still conforms to that copy.
/// </summary>
public sealed class ContractFileTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("nanobanana-contract-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public async Task A_field_added_to_the_spec_appears_and_a_removed_one_disappears()
    {
        var yaml = ContractCopies.WithSeedAddedAndTaskFieldRemoved("completed_at");
        var path = Path.Combine(_folder, "edited.yaml");
        await File.WriteAllTextAsync(path, yaml);
        var checker = ContractChecker.FromYaml(yaml);
        var clock = new FakeTimeProvider(DateTimeOffset.Parse("2026-07-02T10:00:00Z", System.Globalization.CultureInfo.InvariantCulture));
        await using var simulator = NanoBananaSimulator.Start(new SimulatorOptions { ContractFile = path, TimeProvider = clock, TaskDuration = TimeSpan.FromSeconds(8) });
        using var http = Http.Client(simulator);

        var id = await http.CreateTaskIdAsync();
        var tasks = new List<JsonObject>();
        foreach (var step in new[] { 0, 4, 4 })
        {
            clock.Advance(TimeSpan.FromSeconds(step));
            using var response = await http.GetAsync("v1/tasks/" + id);
            var body = await response.Content.ReadAsStringAsync();
            var violations = checker.Check(new ContractExchange($"task after {step}s", "GET", "/v1/tasks/" + id, (int)response.StatusCode, body));
            Assert.True(violations.Count == 0, string.Join(Environment.NewLine, violations) + Environment.NewLine + body);
            tasks.Add((JsonObject)JsonNode.Parse(body)!);
        }

        Assert.Equal(["pending", "processing", "completed"], tasks.Select(t => t["status"]!.GetValue<string>()));
        Assert.All(tasks, t => Assert.Equal(42, t["seed"]!.GetValue<long>()));
        Assert.All(tasks, t => Assert.False(t.ContainsKey("completed_at"), t.ToJsonString()));
        Assert.NotNull(tasks[^1]["output"]);
    }

    [Fact]
    public async Task The_embedded_contract_is_followed_by_default()
    {
        var clock = new FakeTimeProvider();
        await using var simulator = NanoBananaSimulator.Start(new SimulatorOptions { TimeProvider = clock, TaskDuration = TimeSpan.FromSeconds(8) });
        using var http = Http.Client(simulator);
        var id = await http.CreateTaskIdAsync();
        clock.Advance(TimeSpan.FromSeconds(8));

        var task = await http.GetTaskAsync(id);

        Assert.True(task.ContainsKey("completed_at"), task.ToJsonString());
        Assert.False(task.ContainsKey("seed"), task.ToJsonString());
    }

    [Fact]
    public void A_contract_file_that_cannot_be_read_fails_the_start_naming_it()
    {
        var missing = Path.Combine(_folder, "missing.yaml");
        var error = Assert.Throws<InvalidOperationException>(() => NanoBananaSimulator.Start(new SimulatorOptions { ContractFile = missing }));
        Assert.Contains(missing, error.Message, StringComparison.Ordinal);
    }
}

using System.Text;
using System.Text.Json.Nodes;
using NanoBanana.Simulator;
using Npgsql;

namespace NanoBanana.Postgres.Tests;

/// <summary>Two replicas of a callback-receiving service (two processes) sharing one PostgreSQL database.</summary>
[Collection(PostgresCollection.Name)]
public sealed class CallbackReplicaTests(PostgresFixture postgres)
{
    private const string Host = "NanoBanana.Postgres.CallbackHost.dll";
    private const string Secret = "replica-Rt5Wq9Zm2Xc7Vb4Nk8Lp1Hj6Gf3Ds0A";

    [Fact]
    public async Task A_callback_delivered_to_both_replicas_at_once_runs_the_handler_once()
    {
        var database = await postgres.CreateDatabaseAsync();
        await using var simulator = NanoBananaSimulator.Start(new SimulatorOptions { Host = "127.0.0.1", TaskDuration = TimeSpan.Zero });
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(90));
        await using var a = ChildProcess.Start(Host, Args(database, simulator, "A", "http://127.0.0.1:9/unused", handlerDelayMs: 300));
        await using var b = ChildProcess.Start(Host, Args(database, simulator, "B", "http://127.0.0.1:9/unused", handlerDelayMs: 300));
        var urlA = new Uri(await a.WaitForLineAsync("listening ", timeout.Token));
        var urlB = new Uri(await b.WaitForLineAsync("listening ", timeout.Token));
        using var http = new HttpClient();

        // Tasks created without a callback URL (the test delivers each callback itself, to both replicas at once,
        // as a sender retrying through a load balancer would).
        var tasks = new List<string>();
        for (var i = 0; i < 5; i++)
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(simulator.Url, "v1/images/generations"))
            {
                Content = Json($$$"""{"model":"nano-banana-2-lite","input":{"prompt":"banana {{{i}}}"}}"""),
            };
            request.Headers.Authorization = new("Bearer", NanoBananaSimulator.ApiKey);
            using var create = await http.SendAsync(request, timeout.Token);
            tasks.Add((string)JsonNode.Parse(await create.Content.ReadAsStringAsync(timeout.Token))!["data"]!["taskId"]!);
        }

        foreach (var taskId in tasks)
        {
            var body = $$"""{"id":"{{taskId}}","status":"completed"}""";
            var answers = await Task.WhenAll(
                http.PostAsync(new Uri(urlA, $"hooks/nano-banana?secret={Secret}"), Json(body), timeout.Token),
                http.PostAsync(new Uri(urlB, $"hooks/nano-banana?secret={Secret}"), Json(body), timeout.Token),
                http.PostAsync(new Uri(urlA, $"hooks/nano-banana?secret={Secret}"), Json(body), timeout.Token));
            // One delivery runs the handler (200); one that arrives while it runs is told to come again (409).
            Assert.All(answers, r => Assert.Contains((int)r.StatusCode, new[] { 200, 409 }));
            Assert.Contains(answers, r => (int)r.StatusCode == 200);
        }

        // The sender's redeliveries, to either replica, are acknowledged as handled without running the handler.
        foreach (var taskId in tasks)
        {
            var body = $$"""{"id":"{{taskId}}","status":"completed"}""";
            using var again = await http.PostAsync(new Uri(urlB, $"hooks/nano-banana?secret={Secret}"), Json(body), timeout.Token);
            Assert.Equal(200, (int)again.StatusCode);
        }

        await using var source = NpgsqlDataSource.Create(database);
        await using var count = source.CreateCommand("SELECT task_id, count(*) FROM handler_runs GROUP BY task_id");
        var runs = new Dictionary<string, long>();
        await using (var reader = await count.ExecuteReaderAsync(timeout.Token))
        {
            while (await reader.ReadAsync(timeout.Token)) runs[reader.GetString(0)] = reader.GetInt64(1);
        }

        Assert.Equal(tasks.Order(), runs.Keys.Order());
        Assert.All(runs.Values, n => Assert.Equal(1, n));
    }

    [Fact]
    public async Task A_wait_on_replica_A_ends_when_replica_B_receives_the_callback()
    {
        var database = await postgres.CreateDatabaseAsync();
        await using var simulator = NanoBananaSimulator.Start(new SimulatorOptions { Host = "127.0.0.1", TaskDuration = TimeSpan.FromSeconds(1) });
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(90));
        await using var b = ChildProcess.Start(Host, Args(database, simulator, "B", "http://127.0.0.1:9/unused"));
        var urlB = new Uri(await b.WaitForLineAsync("listening ", timeout.Token));
        // A's creates carry B's callback URL (a load balancer in front of both could route it anywhere); A polls only
        // after 300 s, so only B's notice can end A's wait in time.
        await using var a = ChildProcess.Start(Host, Args(database, simulator, "A", new Uri(urlB, $"hooks/nano-banana?secret={Secret}").AbsoluteUri));
        var urlA = new Uri(await a.WaitForLineAsync("listening ", timeout.Token));
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(60) };

        using var answer = await http.PostAsync(new Uri(urlA, "generate?prompt=a+banana+on+the+moon"), null, timeout.Token);
        var result = JsonNode.Parse(await answer.Content.ReadAsStringAsync(timeout.Token))!;

        Assert.Equal(200, (int)answer.StatusCode);
        Assert.Equal("completed", (string)result["status"]!);
        Assert.Equal(1, simulator.TasksCreated);
        // The one task read is B's confirmation of the callback; A never polled.
        Assert.Equal(1, simulator.TaskQueriesReceived);
        // The simulator records a delivery when B's answer reaches it, which can be after A's wait has already ended.
        await simulator.WaitForCallbacksAsync(1, timeout.Token);
        var delivery = Assert.Single(simulator.Callbacks);
        Assert.Equal(200, delivery.ResponseStatus);
        Assert.StartsWith(urlB.GetLeftPart(UriPartial.Authority), delivery.Url.AbsoluteUri, StringComparison.Ordinal);
        Assert.InRange((double)result["waited_ms"]!, 0, 30_000);
    }

    private static string[] Args(string database, NanoBananaSimulator simulator, string name, string callbackUrl, int handlerDelayMs = 0) =>
        ["--postgres", database, "--api", simulator.Url.AbsoluteUri, "--name", name, "--callback-url", callbackUrl, "--secret", Secret, "--handler-delay", handlerDelayMs.ToString(System.Globalization.CultureInfo.InvariantCulture)];

    private static StringContent Json(string body) => new(body, Encoding.UTF8, "application/json");
}

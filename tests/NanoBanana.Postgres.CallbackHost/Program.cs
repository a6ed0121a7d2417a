// One replica of a callback-receiving service. Arguments (all required but --handler-delay):
//   --postgres CONN --api URL --name NAME --callback-url URL --secret SECRET [--handler-delay MS] [--fallback SECONDS]
// Prints "listening http://127.0.0.1:PORT" on stdout once the schema is migrated and the notifier listens.
using System.Diagnostics;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using NanoBanana.Client;
using Npgsql;

var options = new Dictionary<string, string>(StringComparer.Ordinal);
for (var i = 0; i + 1 < args.Length; i += 2) options[args[i]] = args[i + 1];
var postgres = options["--postgres"];
var name = options["--name"];
var handlerDelay = TimeSpan.FromMilliseconds(int.Parse(options.GetValueOrDefault("--handler-delay", "0"), System.Globalization.CultureInfo.InvariantCulture));

var builder = WebApplication.CreateSlimBuilder();
builder.WebHost.UseUrls("http://127.0.0.1:0");
builder.Logging.ClearProviders().AddSimpleConsole().SetMinimumLevel(LogLevel.Warning);
builder.Services.AddNanoBananaClient(o =>
{
    o.ApiKey = "sk-simulator";
    o.BaseUrl = new Uri(options["--api"]);
    o.CallbackUrl = new Uri(options["--callback-url"]);
    o.Polling.CallbackFallbackInterval = TimeSpan.FromSeconds(int.Parse(options.GetValueOrDefault("--fallback", "300"), System.Globalization.CultureInfo.InvariantCulture));
});
builder.Services.AddNanoBananaPostgres(postgres);
await using var records = NpgsqlDataSource.Create(postgres);
await using (var create = records.CreateCommand("CREATE TABLE IF NOT EXISTS handler_runs (replica text NOT NULL, task_id text NOT NULL, status text NOT NULL, at timestamptz NOT NULL DEFAULT clock_timestamp())"))
{
    await create.ExecuteNonQueryAsync();
}

var app = builder.Build();
app.MapNanoBananaCallback("/hooks/nano-banana", async (task, context) =>
{
    // The handler's work: a row per run, so the tests count runs across replicas.
    await using var insert = records.CreateCommand("INSERT INTO handler_runs (replica, task_id, status) VALUES (@r, @t, @s)");
    insert.Parameters.AddWithValue("r", name);
    insert.Parameters.AddWithValue("t", task.Id);
    insert.Parameters.AddWithValue("s", task.Status.ToString());
    await insert.ExecuteNonQueryAsync(context.RequestAborted);
    if (handlerDelay > TimeSpan.Zero) await Task.Delay(handlerDelay, context.RequestAborted);
}, o => o.Secret = options["--secret"]);
app.MapPost("/generate", async (HttpRequest request, INanoBananaClient client) =>
{
    var prompt = request.Query["prompt"].ToString();
    var operation = await client.StartGenerationAsync(prompt);
    var started = Stopwatch.GetTimestamp();
    var result = await operation.WaitForCompletionAsync(TimeSpan.FromMinutes(2));
    // A JSON node, not an object serialized by reflection (the libraries here run with it off, as under Native AOT).
    return Results.Text(new System.Text.Json.Nodes.JsonObject
    {
        ["task_id"] = operation.TaskId,
        ["status"] = result.Task.Status.ToString(),
        ["waited_ms"] = Stopwatch.GetElapsedTime(started).TotalMilliseconds,
    }.ToJsonString(), "application/json");
});
await app.StartAsync();
var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
Console.WriteLine("listening " + address);
await app.WaitForShutdownAsync();

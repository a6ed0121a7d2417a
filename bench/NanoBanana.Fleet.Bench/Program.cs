using System.Globalization;
using System.Text.Json;
using NanoBanana.Fleet.Bench;

// usage: NanoBanana.Fleet.Bench callbacks [--tasks N] [--results DIR]
//        NanoBanana.Fleet.Bench workers [--items N] [--create-ms N] [--results DIR]
var mode = args.FirstOrDefault() ?? "callbacks";
var resultsDir = ArgText("--results") ?? "bench/results";
Directory.CreateDirectory(resultsDir);
var stamp = DateTimeOffset.UtcNow.ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture);
var machine = $"{Environment.ProcessorCount} cores, load average {LoadAverage()}, .NET {Environment.Version}";

switch (mode)
{
    case "callbacks":
    {
        var tasks = Arg("--tasks", 300);
        var runs = new List<CallbacksResult>();
        foreach (var (callbacks, loss) in new[] { (false, 0.0), (true, 0.0), (true, 0.05) })
        {
            var result = await CallbacksBench.RunAsync(tasks, callbacks, loss);
            Console.WriteLine(result);
            runs.Add(result);
        }

        var md = new List<string>
        {
            $"# Callbacks against polling: {tasks} tasks",
            string.Empty,
            "Lognormal task durations (median 12 s, sigma 0.5, fixed seed) on the simulator; the real client in a real ASP.NET Core app",
            "whose callback endpoint (Kestrel, loopback) receives the simulator's callbacks; task time on a fake clock driven in 50 ms",
            "steps (the delay after completion is in task time, so its resolution is 50 ms); the delay after a callback reaches the",
            $"endpoint is real time. Default client options (callback fallback poll 60 s). {stamp}, {machine}.",
            string.Empty,
            "| Mode | Tasks | Requests per task (create included) | Callbacks received | Detection after completion, median / p95 / max (ms) | Wait ended after the callback reached the endpoint, median / p95 / max (ms) |",
            "|---|---|---|---|---|---|",
        };
        md.AddRange(runs.Select(r => r.Row()));
        md.Add(string.Empty);
        md.Add("Targets: with callbacks at most 2 requests per task (the create and the endpoint's confirmation read), p95 under 100 ms after the callback reaches the endpoint.");
        File.WriteAllLines(Path.Combine(resultsDir, "callbacks.md"), md);
        File.WriteAllText(Path.Combine(resultsDir, "callbacks.json"), JsonSerializer.Serialize(new { measured = stamp, machine, runs }, new JsonSerializerOptions { WriteIndented = true, NumberHandling = System.Text.Json.Serialization.JsonNumberHandling.AllowNamedFloatingPointLiterals }));
        break;
    }

    case "workers":
        await WorkersBench.RunAsync(Arg("--items", 1000), TimeSpan.FromMilliseconds(Arg("--create-ms", 100)), resultsDir, stamp, machine);
        break;

    default:
        Console.Error.WriteLine("usage: NanoBanana.Fleet.Bench callbacks|workers [options]");
        return 2;
}

return 0;

int Arg(string name, int fallback) => ArgText(name) is { } text ? int.Parse(text, CultureInfo.InvariantCulture) : fallback;

string? ArgText(string name)
{
    var i = Array.IndexOf(args, name);
    return i >= 0 && i + 1 < args.Length ? args[i + 1] : null;
}

static string LoadAverage() => File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "n/a";

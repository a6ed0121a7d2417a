using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;

namespace NanoBanana.Benchmarks.Polling;

/// <summary>
/// An in-memory API whose tasks finish on simulated time: a create starts a task lasting the next drawn
/// duration; a get-task answers <c>processing</c> (progress null, as the API often sends) until the clock
/// passes the task's completion, then the completed task with its <c>costTime</c>. It records, per task,
/// the get-task requests and the delay between completion and the first request that saw it.
/// </summary>
internal sealed class SimulatedTaskHandler(TimeProvider clock, IReadOnlyList<TimeSpan> durations) : HttpMessageHandler
{
    private static readonly MediaTypeHeaderValue Json = new("application/json");
    private readonly ConcurrentDictionary<string, SimulatedTask> _tasks = new();
    private int _created;
    private int _inFlight;
    private long _activity;

    /// <summary>Requests being answered right now.</summary>
    public int InFlight => Volatile.Read(ref _inFlight);

    /// <summary>Changes on every request: the driver's sign of life.</summary>
    public long Activity => Interlocked.Read(ref _activity);

    /// <summary>Every task created so far.</summary>
    public IReadOnlyCollection<SimulatedTask> Tasks => (IReadOnlyCollection<SimulatedTask>)_tasks.Values;

    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _inFlight);
        Interlocked.Increment(ref _activity);
        try
        {
            return Task.FromResult(Answer(request));
        }
        finally
        {
            Interlocked.Decrement(ref _inFlight);
            Interlocked.Increment(ref _activity);
        }
    }

    private HttpResponseMessage Answer(HttpRequestMessage request)
    {
        var now = clock.GetUtcNow();
        var path = request.RequestUri!.AbsolutePath;
        if (request.Method == HttpMethod.Post)
        {
            var index = Interlocked.Increment(ref _created) - 1;
            var task = new SimulatedTask("task-" + index.ToString("D6", CultureInfo.InvariantCulture), now, durations[index % durations.Count]);
            _tasks[task.Id] = task;
            return Ok(new JsonObject { ["code"] = 200, ["msg"] = "success", ["data"] = new JsonObject { ["taskId"] = task.Id } });
        }

        var id = path[(path.LastIndexOf('/') + 1)..];
        if (!_tasks.TryGetValue(id, out var found))
        {
            return new HttpResponseMessage(HttpStatusCode.NotFound)
            {
                Content = new StringContent("""{"error":{"code":"task_not_found","message":"Task ID does not exist","type":"invalid_request_error"}}""", Encoding.UTF8, "application/json"),
            };
        }

        return Ok(found.Observe(now));
    }

    private static HttpResponseMessage Ok(JsonNode body)
    {
        var content = new ByteArrayContent(Encoding.UTF8.GetBytes(body.ToJsonString()));
        content.Headers.ContentType = Json;
        return new HttpResponseMessage(HttpStatusCode.OK) { Content = content };
    }
}

/// <summary>One simulated task: when it was created, how long it runs, and what its pollers saw.</summary>
internal sealed class SimulatedTask(string id, DateTimeOffset createdAt, TimeSpan duration)
{
    private readonly object _gate = new();

    public string Id { get; } = id;

    public DateTimeOffset CompletesAt { get; } = createdAt + duration;

    /// <summary>Get-task requests received for this task.</summary>
    public int Polls { get; private set; }

    /// <summary>Completion to the first get-task that saw it; null while unseen.</summary>
    public TimeSpan? DetectionDelay { get; private set; }

    public JsonNode Observe(DateTimeOffset now)
    {
        lock (_gate)
        {
            Polls++;
            var task = new JsonObject
            {
                ["id"] = Id,
                ["model"] = "nano-banana-2-lite",
                ["created_at"] = createdAt.ToUnixTimeSeconds(),
            };
            if (now < CompletesAt)
            {
                task["status"] = "processing";
                task["progress"] = null;
                return task;
            }

            DetectionDelay ??= now - CompletesAt;
            task["status"] = "completed";
            task["completed_at"] = CompletesAt.ToUnixTimeSeconds();
            task["output"] = new JsonObject
            {
                ["urls"] = new JsonArray("https://file.aivideoapi.ai/images/2026/07/02/" + Id + ".jpg"),
                ["metadata"] = new JsonObject { ["model"] = "nano-banana-2-lite", ["costTime"] = (long)duration.TotalMilliseconds },
            };
            return task;
        }
    }
}

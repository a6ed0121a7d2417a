using System.Text.Json.Nodes;
using Newtonsoft.Json.Linq;
using WireMock;
using static NanoBanana.Simulator.SimulatorResponses;

namespace NanoBanana.Simulator;

/// <summary>
/// Tasks: a create makes one; its status follows from the clock (<c>pending</c>, then <c>processing</c> from
/// <see cref="SimulatorOptions.ProcessingAfter"/>, then <c>completed</c> or <c>failed</c> at
/// <see cref="SimulatorOptions.TaskDuration"/>); finishing refunds a failed task and sends its callback, once.
/// Bodies are the contract's (<see cref="SimulatorBodies"/>), with this behaviour written onto them.
/// </summary>
public sealed partial class NanoBananaSimulator
{
    private ResponseMessage Create(IRequestMessage request)
    {
        var problem = _validator.Validate(request.Body, out var body);
        if (problem is { } p) return Error(p.Code, p.Message);

        if (!TrySpend(CreditsPerImage)) return Error("insufficient_credits");
        var input = (JObject)body!["input"]!;
        var prompt = (string)input["prompt"]!;
        var callback = body["callback_url"] is JValue { Type: JTokenType.String } url ? new Uri((string)url!) : null;
        var duration = NextTaskDuration();
        var task = new SimulatedTask(
            Guid.NewGuid().ToString(),
            (string)body["model"]!,
            _time.GetUtcNow(),
            (string?)input["aspect_ratio"],
            callback,
            fails: _options.FailurePromptMarker.Length > 0 && prompt.Contains(_options.FailurePromptMarker, StringComparison.Ordinal),
            duration,
            _options.ProcessingAfter is { } after ? (after < duration ? after : duration) : duration / 4);
        _tasks[task.Id] = task;

        // Tasks that must act when they finish (a callback to send, credits to refund) get a timer on the clock.
        if (task.CallbackUrl is not null || task.Fails)
        {
            if (task.Duration == TimeSpan.Zero) Finish(task);
            else task.Timer = _time.CreateTimer(static state => { var (s, t) = ((NanoBananaSimulator, SimulatedTask))state!; s.Finish(t); }, (this, task), task.Duration, Timeout.InfiniteTimeSpan);
        }

        var created = _bodies.New(_bodies.Created);
        SchemaBody.Set(created, _bodies.Created, "code", 200);
        SchemaBody.Set(created, _bodies.Created, "msg", "success");
        if (_bodies.New(_bodies.Created, "data") is { } data)
        {
            SchemaBody.Set(data, SchemaBody.Property(_bodies.Created, "data")!, "taskId", task.Id);
            SchemaBody.Set(created, _bodies.Created, "data", data);
        }

        return Json(200, created.ToJsonString(SimulatorJson.Options));
    }

    private ResponseMessage GetTask(IRequestMessage request)
    {
        var id = Uri.UnescapeDataString(request.Path[TasksPrefix.Length..]);
        if (!IsValidTaskId(id)) return Error("invalid_request", "'taskId' must be 1 to 128 characters of letters, digits, '_' or '-'.");
        if (!_tasks.TryGetValue(id, out var task)) return Error("task_not_found", $"Task ID does not exist: '{id}'.");
        var now = _time.GetUtcNow();
        var json = TaskJson(task, now);
        if (IsFinished(task, now)) Finish(task);
        return Json(200, json.ToJsonString(SimulatorJson.Options));
    }

    /// <summary>The task as <c>GET /v1/tasks/{taskId}</c> shows it at <paramref name="now"/> (and as the callback sends it).</summary>
    private JsonObject TaskJson(SimulatedTask task, DateTimeOffset now)
    {
        var schema = _bodies.Task;
        var json = _bodies.New(schema);
        void Set(string name, JsonNode? value) => SchemaBody.Set(json, schema, name, value);

        var elapsed = now - task.CreatedAt;
        Set("id", task.Id);
        Set("model", task.Model);
        Set("created_at", task.CreatedAt.ToUnixTimeSeconds());
        if (elapsed < task.ProcessingAfter)
        {
            Set("status", "pending");
            Set("progress", 0.0);
            Set("completed_at", null);
            Set("output", null);
            Set("error", null);
        }
        else if (elapsed < task.Duration)
        {
            Set("status", "processing");
            Set("progress", Math.Round(Math.Min(99.0, 100.0 * elapsed / task.Duration), 1));
            Set("completed_at", null);
            Set("output", null);
            Set("error", null);
        }
        else if (task.Fails)
        {
            Set("status", "failed");
            Set("progress", null);
            Set("completed_at", (task.CreatedAt + task.Duration).ToUnixTimeSeconds());
            Set("output", null);
            Set("error", TaskError(schema));
        }
        else
        {
            Set("status", "completed");
            Set("completed_at", (task.CreatedAt + task.Duration).ToUnixTimeSeconds());
            Set("progress", 100.0);
            Set("output", Output(task, schema));
            Set("error", null);
        }

        return json;
    }

    /// <summary>A completed task's <c>output</c>: its PNG on the file host, and the metadata the contract has.</summary>
    private JsonObject? Output(SimulatedTask task, NJsonSchema.JsonSchema taskSchema)
    {
        if (_bodies.New(taskSchema, "output") is not { } output) return null;
        var schema = SchemaBody.Property(taskSchema, "output")!;
        SchemaBody.Set(output, schema, "urls", new JsonArray(new Uri(FilesUrl, $"images/{task.Id}.png").AbsoluteUri));
        if (_bodies.New(schema, "metadata") is { } metadata)
        {
            var metadataSchema = SchemaBody.Property(schema, "metadata")!;
            SchemaBody.Set(metadata, metadataSchema, "model", task.Model);
            SchemaBody.Set(metadata, metadataSchema, "costTime", (long)task.Duration.TotalMilliseconds);
            SchemaBody.Set(output, schema, "metadata", metadata);
        }

        return output;
    }

    /// <summary>A failed task's <c>error</c>: an upstream failure, as the observations show it.</summary>
    private JsonObject? TaskError(NJsonSchema.JsonSchema taskSchema)
    {
        if (_bodies.New(taskSchema, "error") is not { } error) return null;
        var schema = SchemaBody.Property(taskSchema, "error")!;
        SchemaBody.Set(error, schema, "code", "upstream_error");
        SchemaBody.Set(error, schema, "message", $"The upstream AI provider returned an error (simulated: the prompt contains '{_options.FailurePromptMarker}').");
        return error;
    }

    private static bool IsFinished(SimulatedTask task, DateTimeOffset now) => now - task.CreatedAt >= task.Duration;

    /// <summary>The next task's duration: drawn from <see cref="SimulatorOptions.TaskDurations"/> when set, else <see cref="SimulatorOptions.TaskDuration"/>.</summary>
    private TimeSpan NextTaskDuration()
    {
        if (_options.TaskDurations is not { } draw) return _options.TaskDuration;
        var duration = draw();
        return duration < TimeSpan.Zero ? TimeSpan.Zero : duration;
    }

    /// <summary>Runs once per task, when its timer fires or when a query first sees it finished: refund, callback.</summary>
    private void Finish(SimulatedTask task)
    {
        if (!task.TryMarkFinished()) return;
        task.Timer?.Dispose();
        if (task.Fails) Refund(CreditsPerImage);
        if (task.CallbackUrl is not null && Volatile.Read(ref _disposed) == 0) _ = DeliverCallbackAsync(task);
    }

    /// <summary>Sends the task's callback, after <see cref="SimulatorOptions.CallbackDelay"/>, or drops it at <see cref="SimulatorOptions.CallbackLossRate"/>.</summary>
    private async Task DeliverCallbackAsync(SimulatedTask task)
    {
        var json = TaskJson(task, task.CreatedAt + task.Duration);
        var status = (string?)json["status"] ?? (task.Fails ? "failed" : "completed");
        var body = json.ToJsonString(SimulatorJson.Options);
        bool lost;
        lock (_callbackLoss) lost = _options.CallbackLossRate > 0 && _callbackLoss.NextDouble() < _options.CallbackLossRate;
        if (_options.CallbackDelay > TimeSpan.Zero)
        {
            try
            {
                await Task.Delay(_options.CallbackDelay, _time, _stopping.Token).ConfigureAwait(false);
            }
            catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException)
            {
                return;
            }
        }

        if (lost)
        {
            _callbacks.RecordLost(task.Id, task.CallbackUrl!, status, body);
            return;
        }

        await _callbacks.SendAsync(task.Id, task.CallbackUrl!, status, body, _stopping).ConfigureAwait(false);
    }

    private static bool IsValidTaskId(string id) =>
        id.Length is >= 1 and <= 128 && id.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '-');
}

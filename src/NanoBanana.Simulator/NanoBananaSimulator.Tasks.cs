using System.Text.Json.Nodes;
using Newtonsoft.Json.Linq;
using WireMock;
using static NanoBanana.Simulator.SimulatorResponses;

namespace NanoBanana.Simulator;

/// <summary>
/// Tasks: a create makes one; its status follows from the clock (<c>pending</c>, then <c>processing</c> from
/// <see cref="SimulatorOptions.ProcessingAfter"/>, then <c>completed</c> or <c>failed</c> at
/// <see cref="SimulatorOptions.TaskDuration"/>); finishing refunds a failed task and sends its callback, once.
/// </summary>
public sealed partial class NanoBananaSimulator
{
    private readonly GenerationRequestValidator _validator = new(ContractSpec.Current);

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

        return Json(200, new JsonObject { ["code"] = 200, ["msg"] = "success", ["data"] = new JsonObject { ["taskId"] = task.Id } }.ToJsonString(SimulatorJson.Options));
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
        var elapsed = now - task.CreatedAt;
        var json = new JsonObject
        {
            ["id"] = task.Id,
            ["model"] = task.Model,
            ["created_at"] = task.CreatedAt.ToUnixTimeSeconds(),
        };
        if (elapsed < task.ProcessingAfter)
        {
            json["status"] = "pending";
            json["progress"] = 0.0;
        }
        else if (elapsed < task.Duration)
        {
            json["status"] = "processing";
            json["progress"] = Math.Round(Math.Min(99.0, 100.0 * elapsed / task.Duration), 1);
        }
        else if (task.Fails)
        {
            json["status"] = "failed";
            json["completed_at"] = (task.CreatedAt + task.Duration).ToUnixTimeSeconds();
            json["error"] = new JsonObject
            {
                ["code"] = "upstream_error",
                ["message"] = $"The upstream AI provider returned an error (simulated: the prompt contains '{_options.FailurePromptMarker}').",
            };
        }
        else
        {
            json["status"] = "completed";
            json["completed_at"] = (task.CreatedAt + task.Duration).ToUnixTimeSeconds();
            json["progress"] = 100.0;
            json["output"] = new JsonObject
            {
                ["urls"] = new JsonArray(new Uri(FilesUrl, $"images/{task.Id}.png").AbsoluteUri),
                ["metadata"] = new JsonObject { ["model"] = task.Model, ["costTime"] = (long)task.Duration.TotalMilliseconds },
            };
        }

        return json;
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
        var status = (string)json["status"]!;
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

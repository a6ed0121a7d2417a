using System.Text.Json.Nodes;
using NanoBanana.Client;
using NanoBanana.Testing;

namespace NanoBanana.Client.Tests;

/// <summary>
/// Responses are read strictly (the spec's required fields must be there) but tolerate the future (a status or
/// an error code the contract does not list yet is kept, not rejected).
/// </summary>
public sealed class StrictReadTests : IDisposable
{
    private static readonly string TaskPath = "/v1/tasks/" + ApiStubs.TaskId;
    private readonly ClientHarness _h = new();

    public void Dispose() => _h.Dispose();

    private void ServeTask(JsonObject body) =>
        _h.Server.Serve(new ApiStub("getTask 200 " + body.ToJsonString(), "getTask", "GET", TaskPath, 200, body.ToJsonString()));

    private static ApiStub TaskStub(string status) => new(
        "getTask 200 " + status, "getTask", "GET", TaskPath, 200,
        new JsonObject { ["id"] = ApiStubs.TaskId, ["status"] = status, ["created_at"] = 1782950400 }.ToJsonString());

    [Theory]
    [InlineData(5000)]
    [InlineData(0)]
    public async Task A_create_answer_whose_task_id_is_outside_the_contract_is_an_unknown_outcome_never_a_usable_id(int length)
    {
        // 5,000 characters, or one with a character the contract's pattern does not allow.
        var taskId = length > 0 ? new string('a', length) : "../../etc/passwd";
        _h.Server.Serve(ApiStubs.Created(taskId));

        var error = await Assert.ThrowsAsync<NanoBananaCreateOutcomeUnknownException>(() => _h.Client.StartGenerationAsync(Requests.Valid()));

        Assert.Contains("data.taskId outside the contract", error.Message, StringComparison.Ordinal);
        Assert.Single(_h.Server.LogEntries); // never retried: the task may exist
    }

    [Theory]
    [InlineData("status")]
    [InlineData("id")]
    public async Task A_task_without_a_required_field_fails_the_wait_at_once_as_a_contract_error(string missing)
    {
        var body = new JsonObject { ["id"] = ApiStubs.TaskId, ["status"] = "processing", ["progress"] = 10 };
        body.Remove(missing);
        ServeTask(body);

        var ex = await Assert.ThrowsAsync<NanoBananaException>(() => _h.RunAsync(_h.Client.ResumeGeneration(ApiStubs.TaskId).WaitForCompletionAsync()));

        Assert.Equal(200, ex.StatusCode);
        Assert.False(ex.IsTransient);
        Assert.Contains("not the documented body", ex.Message, StringComparison.Ordinal);
        Assert.Contains($"'{missing}'", ex.InnerException?.Message, StringComparison.Ordinal);
        Assert.Equal(1, _h.Received(TaskPath)); // not retried, not polled on: one read, then the error
        Assert.True(_h.Elapsed < TimeSpan.FromSeconds(1), $"elapsed {_h.Elapsed}");
    }

    [Fact]
    public async Task A_completed_task_whose_output_has_no_urls_field_is_a_contract_error()
    {
        ServeTask(new JsonObject { ["id"] = ApiStubs.TaskId, ["status"] = "completed", ["output"] = new JsonObject() });

        var ex = await Assert.ThrowsAsync<NanoBananaException>(() => _h.RunAsync(_h.Client.GetTaskAsync(ApiStubs.TaskId)));

        Assert.Contains("'urls'", ex.InnerException?.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_callback_without_a_status_is_rejected()
    {
        var ex = Assert.Throws<NanoBananaCallbackException>(() => TaskCallback.Parse($$"""{"id":"{{ApiStubs.TaskId}}"}"""));

        Assert.Contains("status", ex.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_status_the_contract_does_not_list_is_read_and_kept()
    {
        _h.Server.Serve(TaskStub("queued"));

        var task = await _h.RunAsync(_h.Client.GetTaskAsync(ApiStubs.TaskId));

        Assert.Equal("queued", task.Status.ToString());
        Assert.False(task.Status.IsKnown);
        Assert.True(task.Status == new GenerationTaskStatus("queued"));
        Assert.True(task.Status != GenerationTaskStatus.Pending);
        Assert.True(GenerationTaskStatus.Processing.IsKnown);
    }

    [Fact]
    public async Task A_wait_polls_through_an_unknown_status_until_its_timeout_and_logs_it_once()
    {
        _h.Server.Serve(TaskStub("queued"));

        var ex = await Assert.ThrowsAsync<NanoBananaWaitTimeoutException>(
            () => _h.RunAsync(_h.Client.ResumeGeneration(ApiStubs.TaskId).WaitForCompletionAsync(TimeSpan.FromSeconds(60))));

        Assert.Equal("queued", ex.LastStatus?.ToString());
        Assert.True(_h.Elapsed >= TimeSpan.FromSeconds(60), $"elapsed {_h.Elapsed}");
        Assert.True(_h.Received(TaskPath) >= 5, $"polls {_h.Received(TaskPath)}");
        Assert.Single(_h.Logs.GetSnapshot(), r => r.Message.Contains("does not know ('queued')", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_task_that_passes_through_an_unknown_status_completes_normally()
    {
        _h.Server.ServeInSequence(TaskStub("queued"), TaskStub("rendering"), ApiStubs.Completed());
        var seen = new List<string>();

        await _h.RunAsync(Task.Run(async () =>
        {
            await foreach (var task in _h.Client.ResumeGeneration(ApiStubs.TaskId).WatchAsync()) seen.Add(task.Status.ToString());
        }));

        Assert.Equal(["queued", "rendering", "completed"], seen);
    }

    [Fact]
    public async Task A_failed_task_with_an_error_code_the_contract_does_not_list_keeps_it()
    {
        _h.Server.Serve(ApiStubs.Failed(code: "content_policy_v2", message: "new policy"));

        var ex = await Assert.ThrowsAsync<NanoBananaTaskFailedException>(() => _h.RunAsync(_h.Client.ResumeGeneration(ApiStubs.TaskId).WaitForCompletionAsync()));

        Assert.Equal("content_policy_v2", ex.Task.Error?.Code);
    }

    [Fact]
    public void A_status_round_trips_through_JSON_as_its_wire_string()
    {
        var task = new GenerationTask { Id = ApiStubs.TaskId, Status = "queued" };

        var json = System.Text.Json.JsonSerializer.Serialize(task, NanoBananaTransport.SerializerOptions);

        Assert.Contains("\"status\":\"queued\"", json, StringComparison.Ordinal);
        Assert.Equal(task.Status, TaskCallback.Parse(json).Status);
    }
}

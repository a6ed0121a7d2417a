using System.Text.Json.Nodes;
using NanoBanana.Client;
using NanoBanana.Testing;

namespace NanoBanana.Client.Tests;

/// <summary>The generation operation: start, resume by id, repeated waits, the result's outputs.</summary>
public sealed class OperationTests : IDisposable
{
    private static readonly string TaskPath = "/v1/tasks/" + ApiStubs.TaskId;
    private const string CreatePath = "/v1/images/generations";
    private readonly ClientHarness _h = new();

    public void Dispose() => _h.Dispose();

    [Fact]
    public async Task An_operation_resumed_by_id_in_a_fresh_client_waits_to_the_outputs()
    {
        _h.Server.Serve(ApiStubs.Created());
        _h.Server.ServeInSequence(ApiStubs.Processing(), ApiStubs.Completed());
        var started = await _h.Client.StartGenerationAsync(Requests.Valid());

        // Another process: a new client that knows nothing but the id.
        using var http = new HttpClient { Timeout = Timeout.InfiniteTimeSpan };
        using var fresh = new NanoBananaClient(_h.Options, http, null, null, _h.Time);
        var resumed = fresh.ResumeGeneration(started.TaskId);

        Assert.Equal(0, _h.Received(TaskPath)); // resuming sends nothing
        Assert.Equal(started.TaskId, resumed.TaskId);
        Assert.Null(resumed.LastKnownTask);
        var result = await _h.RunAsync(resumed.WaitForCompletionAsync(TimeSpan.FromMinutes(5)));

        Assert.Equal(ApiStubs.TaskId, result.TaskId);
        Assert.Equal([new Uri(ApiStubs.OutputUrl)], result.OutputUrls);
        Assert.True(resumed.HasCompleted);
        Assert.Same(result.Task, resumed.LastKnownTask);
        Assert.Equal(1, _h.Received(CreatePath, "POST"));
    }

    [Fact]
    public async Task A_second_wait_on_the_operation_follows_the_schedule_of_the_first()
    {
        _h.Server.Serve(ApiStubs.Created());
        _h.Server.Serve(ApiStubs.Processing());
        var operation = await _h.Client.StartGenerationAsync(Requests.Valid());

        // The first wait is too short for a 12 s task: it polls (at 2.8 s and at its deadline) and times out.
        await Assert.ThrowsAsync<NanoBananaWaitTimeoutException>(() => _h.RunAsync(operation.WaitForCompletionAsync(TimeSpan.FromSeconds(3))));
        var polls = _h.Received(TaskPath);
        Assert.InRange(polls, 1, 2);
        Assert.Equal(GenerationTaskStatus.Processing, operation.LastKnownTask?.Status);

        // The second wait still knows when the task was created and where the schedule stands: its first poll follows
        // the schedule (a gap, as in the first wait); a wait that forgot it would poll at once.
        var second = operation.WaitForCompletionAsync(TimeSpan.FromMinutes(5));
        for (var i = 0; i < 25; i++)
        {
            _h.Time.Advance(TimeSpan.FromMilliseconds(100));
            await Task.Delay(2);
        }

        Assert.Equal(polls, _h.Received(TaskPath));
        _h.Server.Reset();
        _h.Server.Serve(ApiStubs.Completed());
        var result = await _h.RunAsync(second);
        Assert.Equal(ApiStubs.TaskId, result.TaskId);
    }

    [Fact]
    public async Task A_second_wait_on_the_operation_honours_the_Retry_After_the_first_one_received()
    {
        _h.Server.Given(WireMock.RequestBuilders.Request.Create().WithPath(TaskPath).UsingGet())
            .RespondWith(ApiStubs.Processing().ToResponse().WithHeader("Retry-After", "20"));
        var operation = _h.Client.ResumeGeneration(ApiStubs.TaskId);

        await Assert.ThrowsAsync<NanoBananaWaitTimeoutException>(() => _h.RunAsync(operation.WaitForCompletionAsync(TimeSpan.FromSeconds(5))));
        var polls = _h.Received(TaskPath);

        // The server asked for 20 s on the last poll: the next wait on the operation does not poll before that.
        var second = operation.WaitForCompletionAsync(TimeSpan.FromMinutes(5));
        for (var i = 0; i < 150; i++)
        {
            _h.Time.Advance(TimeSpan.FromMilliseconds(100));
            await Task.Delay(1);
        }

        Assert.Equal(polls, _h.Received(TaskPath));
        _h.Server.Reset();
        _h.Server.Serve(ApiStubs.Completed());
        var result = await _h.RunAsync(second);
        Assert.Equal(ApiStubs.TaskId, result.TaskId);
        Assert.True(_h.Elapsed >= TimeSpan.FromSeconds(25), $"elapsed {_h.Elapsed}");
    }

    [Fact]
    public async Task A_finished_operation_answers_again_without_a_request()
    {
        _h.Server.Serve(ApiStubs.Completed());
        var operation = _h.Client.ResumeGeneration(ApiStubs.TaskId);

        var task = await operation.UpdateStatusAsync();
        Assert.Equal(GenerationTaskStatus.Completed, task.Status);
        Assert.True(operation.HasCompleted);

        var first = await operation.WaitForCompletionAsync();
        var second = await operation.WaitForCompletionAsync();
        var watched = new List<GenerationTask>();
        await foreach (var seen in operation.WatchAsync()) watched.Add(seen);

        Assert.Equal(1, _h.Received(TaskPath));
        Assert.Equal(first.OutputUrls, second.OutputUrls);
        Assert.Equal([task], watched);
    }

    [Fact]
    public async Task A_failed_task_fails_every_wait_on_its_operation()
    {
        _h.Server.Serve(ApiStubs.Failed(message: "prohibited content"));
        var operation = _h.Client.ResumeGeneration(ApiStubs.TaskId);

        var first = await Assert.ThrowsAsync<NanoBananaTaskFailedException>(() => _h.RunAsync(operation.WaitForCompletionAsync()));
        var second = await Assert.ThrowsAsync<NanoBananaTaskFailedException>(() => operation.WaitForCompletionAsync());

        Assert.True(operation.HasCompleted);
        Assert.Equal(first.TaskId, second.TaskId);
        Assert.Equal(1, _h.Received(TaskPath));
    }

    [Fact]
    public async Task A_completed_task_without_output_is_a_contract_error()
    {
        var body = new JsonObject { ["id"] = ApiStubs.TaskId, ["status"] = "completed", ["model"] = "nano-banana-2-lite" };
        _h.Server.Serve(new ApiStub("getTask 200 completed without output", "getTask", "GET", TaskPath, 200, body.ToJsonString()));

        var ex = await Assert.ThrowsAsync<NanoBananaException>(() => _h.RunAsync(_h.Client.ResumeGeneration(ApiStubs.TaskId).WaitForCompletionAsync()));

        Assert.Contains(ApiStubs.TaskId, ex.Message, StringComparison.Ordinal);
        Assert.Contains("completed but its output has no URL", ex.Message, StringComparison.Ordinal);
        Assert.False(ex.IsTransient);
        Assert.Equal(1, _h.Received(TaskPath));
    }

    [Fact]
    public async Task The_easy_call_sends_the_prompt_and_options_with_the_only_model()
    {
        _h.Server.Serve(ApiStubs.Created());
        _h.Server.Serve(ApiStubs.Completed());
        var options = new GenerationOptions
        {
            AspectRatio = AspectRatio.Portrait9x16,
            ImageUrls = [new Uri("https://example.com/in.png")],
            CallbackUrl = new Uri("https://example.com/hook"),
        };

        var result = await _h.RunAsync(_h.Client.GenerateAsync("a banana on the moon", options));

        Assert.Equal(ApiStubs.TaskId, result.TaskId);
        var sent = JsonNode.Parse(_h.Server.LogEntries.Single(e => e.RequestMessage.Method == "POST").RequestMessage.Body!)!;
        Assert.Equal("nano-banana-2-lite", (string?)sent["model"]);
        Assert.Equal("a banana on the moon", (string?)sent["input"]!["prompt"]);
        Assert.Equal("9:16", (string?)sent["input"]!["aspect_ratio"]);
        Assert.Equal("https://example.com/in.png", (string?)sent["input"]!["image_urls"]![0]);
        Assert.Equal("https://example.com/hook", (string?)sent["callback_url"]);
    }

    [Fact]
    public async Task The_easy_call_without_options_sends_only_the_prompt_and_model()
    {
        _h.Server.Serve(ApiStubs.Created());

        var operation = await _h.Client.StartGenerationAsync("a banana");

        Assert.Equal(ApiStubs.TaskId, operation.TaskId);
        var sent = JsonNode.Parse(Assert.Single(_h.Server.LogEntries).RequestMessage.Body!)!.AsObject();
        Assert.Equal(["model", "input"], sent.Select(p => p.Key));
        Assert.Equal(["prompt"], sent["input"]!.AsObject().Select(p => p.Key));
    }

    [Fact]
    public async Task The_easy_call_validates_the_prompt_before_sending()
    {
        var ex = await Assert.ThrowsAsync<GenerationRequestValidationException>(() => _h.Client.StartGenerationAsync(new string('a', 20001)));

        Assert.Equal("input.prompt", ex.Field);
        Assert.Empty(_h.Server.LogEntries);
    }

    [Fact]
    public void A_request_without_a_model_set_names_the_only_model()
    {
        var request = new GenerationRequest { Input = new GenerationInput { Prompt = "a banana" } };

        request.Validate();
        Assert.Equal(ImageModel.NanoBanana2Lite, request.Model);
    }

    [Fact]
    public void Resuming_a_malformed_id_fails_before_any_request()
    {
        Assert.ThrowsAny<ArgumentException>(() => _h.Client.ResumeGeneration("../credits"));
        Assert.Empty(_h.Server.LogEntries);
    }
}

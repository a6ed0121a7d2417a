using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using NanoBanana.Client;
using NanoBanana.Simulator;

namespace NanoBanana.AspNetCore.Tests;

/// <summary>MapNanoBananaCallback against the simulator: confirmation, idempotency, malformed bodies, pending tasks, API failures.</summary>
public sealed class CallbackEndpointTests
{
    [Fact]
    public async Task A_confirmed_completed_task_reaches_the_handler_as_the_API_reports_it()
    {
        await using var harness = await ReceiverHarness.StartAsync();
        var id = await harness.CreateTaskAsync();

        using var response = await harness.DeliverAsync(ReceiverHarness.Body(id));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var task = Assert.Single(harness.Handled);
        Assert.Equal(id, task.Id);
        Assert.Equal(GenerationTaskStatus.Completed, task.Status);
        // The posted body had no output: the handler's task came from the API.
        Assert.StartsWith(harness.Simulator.FilesUrl.AbsoluteUri, Assert.Single(task.Output!.Urls).ToString(), StringComparison.Ordinal);
        Assert.Equal(1, harness.Simulator.TaskQueriesReceived);
    }

    [Fact]
    public async Task The_handler_gets_the_fetched_task_not_the_posted_claims()
    {
        await using var harness = await ReceiverHarness.StartAsync();
        var id = await harness.CreateTaskAsync();
        var forged = $$$"""{"id":"{{{id}}}","status":"failed","error":{"code":"upstream_error","message":"forged"}}""";

        using var response = await harness.DeliverAsync(forged);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var task = Assert.Single(harness.Handled);
        Assert.Equal(GenerationTaskStatus.Completed, task.Status);
        Assert.Null(task.Error);
        Assert.NotNull(task.Output);
    }

    [Fact]
    public async Task A_failed_task_reaches_the_handler_with_the_APIs_error()
    {
        await using var harness = await ReceiverHarness.StartAsync();
        var id = await harness.CreateTaskAsync("a banana [fail]");

        using var response = await harness.DeliverAsync(ReceiverHarness.Body(id, "failed"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var task = Assert.Single(harness.Handled);
        Assert.Equal(GenerationTaskStatus.Failed, task.Status);
        Assert.Equal("upstream_error", task.Error!.Code);
    }

    [Fact]
    public async Task A_repeated_delivery_is_acknowledged_without_calling_the_handler_again()
    {
        await using var harness = await ReceiverHarness.StartAsync();
        var id = await harness.CreateTaskAsync();

        using var first = await harness.DeliverAsync(ReceiverHarness.Body(id));
        using var second = await harness.DeliverAsync(ReceiverHarness.Body(id));

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        Assert.Single(harness.Handled);
    }

    [Fact]
    public async Task Concurrent_deliveries_of_one_task_call_the_handler_once()
    {
        await using var harness = await ReceiverHarness.StartAsync();
        var id = await harness.CreateTaskAsync();

        var responses = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => harness.DeliverAsync(ReceiverHarness.Body(id))));

        // 200 once handled; 409 (deliver again) for one that arrived while the handler ran: never 200 before it finished.
        Assert.All(responses, r => Assert.Contains(r.StatusCode, new[] { HttpStatusCode.OK, HttpStatusCode.Conflict }));
        Assert.Contains(responses, r => r.StatusCode == HttpStatusCode.OK);
        foreach (var r in responses) r.Dispose();
        Assert.Single(harness.Handled);
        Assert.True(harness.Simulator.TaskQueriesReceived <= 8);
    }

    [Theory]
    [InlineData("")]
    [InlineData("not json")]
    [InlineData("[1,2]")]
    [InlineData("""{"status":"completed"}""")]
    [InlineData("""{"id":"abc"}""")]
    [InlineData("""{"id":"abc","status":7}""")]
    [InlineData("""{"id":"../credits","status":"completed"}""")]
    [InlineData("""{"id":"abc","status":"completed""")]
    public async Task A_malformed_body_is_answered_400_with_problem_details_and_nothing_fetched(string body)
    {
        await using var harness = await ReceiverHarness.StartAsync();

        using var response = await harness.DeliverAsync(body);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.Content.ReadAsStringAsync();
        Assert.Contains("\"status\":400", problem, StringComparison.Ordinal);
        Assert.Contains("callback body", problem, StringComparison.Ordinal);
        Assert.Empty(harness.Handled);
        Assert.Equal(0, harness.Simulator.TaskQueriesReceived);
    }

    [Fact]
    public async Task A_callback_for_a_task_the_API_does_not_know_is_answered_404_and_not_handled()
    {
        await using var harness = await ReceiverHarness.StartAsync();

        using var response = await harness.DeliverAsync(ReceiverHarness.Body("397ce9f2-c04e-4244-ac33-3af19a7cc297"));

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Empty(harness.Handled);
        Assert.Equal(1, harness.Simulator.TaskQueriesReceived);
    }

    [Fact]
    public async Task A_callback_ahead_of_the_API_is_answered_409_and_handled_once_the_API_agrees()
    {
        var clock = new FakeTimeProvider();
        await using var harness = await ReceiverHarness.StartAsync(
            simulatorOptions: new SimulatorOptions { TimeProvider = clock, TaskDuration = TimeSpan.FromSeconds(10) });
        var id = await harness.CreateTaskAsync();

        using var early = await harness.DeliverAsync(ReceiverHarness.Body(id));
        clock.Advance(TimeSpan.FromSeconds(5));
        using var stillEarly = await harness.DeliverAsync(ReceiverHarness.Body(id));

        Assert.Equal(HttpStatusCode.Conflict, early.StatusCode);
        Assert.Contains("pending", await early.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Conflict, stillEarly.StatusCode);
        Assert.Contains("processing", await stillEarly.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Empty(harness.Handled);

        clock.Advance(TimeSpan.FromSeconds(5));
        using var redelivered = await harness.DeliverAsync(ReceiverHarness.Body(id));

        Assert.Equal(HttpStatusCode.OK, redelivered.StatusCode);
        Assert.Equal(GenerationTaskStatus.Completed, Assert.Single(harness.Handled).Status);
    }

    [Fact]
    public async Task When_the_API_cannot_be_read_the_callback_is_answered_503_and_a_redelivery_is_handled()
    {
        await using var harness = await ReceiverHarness.StartAsync();
        var id = await harness.CreateTaskAsync();
        harness.Simulator.InjectFault(SimulatorFault.Error("invalid_api_key", operation: SimulatorOperation.GetTask));

        using var refused = await harness.DeliverAsync(ReceiverHarness.Body(id));
        using var redelivered = await harness.DeliverAsync(ReceiverHarness.Body(id));

        Assert.Equal(HttpStatusCode.ServiceUnavailable, refused.StatusCode);
        Assert.Equal(HttpStatusCode.OK, redelivered.StatusCode);
        Assert.Single(harness.Handled);
    }

    [Fact]
    public async Task A_handler_that_throws_fails_the_delivery_and_a_redelivery_calls_it_again()
    {
        await using var harness = await ReceiverHarness.StartAsync();
        var id = await harness.CreateTaskAsync();
        var calls = 0;
        harness.OnHandle = _ => ++calls == 1 ? throw new InvalidOperationException("the database is down") : Task.CompletedTask;

        await Assert.ThrowsAsync<InvalidOperationException>(() => harness.DeliverAsync(ReceiverHarness.Body(id)));
        using var redelivered = await harness.DeliverAsync(ReceiverHarness.Body(id));
        using var again = await harness.DeliverAsync(ReceiverHarness.Body(id));

        Assert.Equal(HttpStatusCode.OK, redelivered.StatusCode);
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        Assert.Equal(2, calls);
    }

    [Fact]
    public async Task A_store_registered_in_the_services_is_used()
    {
        var store = new InMemoryNanoBananaCallbackStore(capacity: 5);
        await using var harness = await ReceiverHarness.StartAsync(services: s => s.AddSingleton<INanoBananaCallbackStore>(store));
        var id = await harness.CreateTaskAsync();

        using var response = await harness.DeliverAsync(ReceiverHarness.Body(id));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(1, store.Count);
        Assert.Equal(CallbackClaimOutcome.Handled, (await store.TryClaimAsync(id, GenerationTaskStatus.Completed, TimeSpan.FromMinutes(1), CancellationToken.None)).Outcome);
    }

    [Fact]
    public async Task Mapping_without_a_registered_client_fails_at_start_up_naming_the_fix()
    {
        var builder = WebApplication.CreateSlimBuilder();
        await using var app = builder.Build();

        var error = Assert.Throws<InvalidOperationException>(() => app.MapNanoBananaCallback("/hooks", (_, _) => Task.CompletedTask, o => o.Secret = "s3cr3t"));

        Assert.Contains("AddNanoBananaClient", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("", "secret")]
    [InlineData("  ", "secret")]
    [InlineData("s3cr3t", "")]
    public async Task Blank_options_fail_at_start_up_naming_the_setting(string secret, string parameter)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Services.AddNanoBananaClient(o => o.ApiKey = "sk-test");
        await using var app = builder.Build();

        var error = Assert.Throws<ArgumentException>(() => app.MapNanoBananaCallback("/hooks", (_, _) => Task.CompletedTask, o =>
        {
            o.Secret = secret;
            o.SecretQueryParameter = parameter;
        }));

        Assert.Equal(string.IsNullOrWhiteSpace(secret) ? nameof(NanoBananaCallbackOptions.Secret) : nameof(NanoBananaCallbackOptions.SecretQueryParameter), error.ParamName);
    }
}

using System.Net;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;
using NanoBanana.Client;
using NanoBanana.Simulator;

namespace NanoBanana.AspNetCore.Tests;

/// <summary>
/// The endpoint cannot be turned into a weapon: replays, floods and forged ids cost at most one API call each (and
/// replays of a handled delivery none), a rate-limited API is answered 503 at once, the handler's claim holds while
/// it runs and is taken over after a crash, and nothing posted reaches a log unescaped. API calls are counted at the
/// simulator.
/// </summary>
public sealed class CallbackAbuseTests
{
    [Fact]
    public async Task Replays_of_a_handled_callback_make_no_further_API_call()
    {
        await using var harness = await ReceiverHarness.StartAsync();
        var id = await harness.CreateTaskAsync();

        for (var i = 0; i < 200; i++)
        {
            using var response = await harness.DeliverAsync(ReceiverHarness.Body(id));
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }

        Assert.Single(harness.Handled);
        Assert.Equal(1, harness.TaskReads);
    }

    [Fact]
    public async Task Concurrent_deliveries_of_one_task_share_one_API_call()
    {
        await using var harness = await ReceiverHarness.StartAsync();
        var id = await harness.CreateTaskAsync();
        harness.Simulator.InjectFault(SimulatorFault.Latency(TimeSpan.FromMilliseconds(300), operation: SimulatorOperation.GetTask));

        var responses = await Task.WhenAll(Enumerable.Range(0, 100).Select(_ => harness.DeliverAsync(ReceiverHarness.Body(id))));

        Assert.Equal(1, harness.TaskReads);
        Assert.Single(harness.Handled);
        Assert.All(responses, r => Assert.Contains(r.StatusCode, new[] { HttpStatusCode.OK, HttpStatusCode.Conflict }));
        foreach (var r in responses) r.Dispose();
    }

    [Fact]
    public async Task A_forged_id_is_asked_once_and_then_answered_404_from_memory_until_the_memory_expires()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var harness = await ReceiverHarness.StartAsync(
            o =>
            {
                o.AllowUnauthenticatedCallbacks = true;
                o.UnknownTaskMemory = TimeSpan.FromMinutes(1);
            },
            services: s => s.AddSingleton<TimeProvider>(clock));
        var forged = Enumerable.Range(0, 50).Select(i => $"397ce9f2-c04e-4244-ac33-{i:D12}").ToArray();

        foreach (var round in Enumerable.Range(0, 3))
        {
            foreach (var id in forged)
            {
                using var response = await harness.DeliverAsync(ReceiverHarness.Body(id));
                Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
            }
        }

        Assert.Equal(50, harness.TaskReads);
        clock.Advance(TimeSpan.FromMinutes(1));
        using var later = await harness.DeliverAsync(ReceiverHarness.Body(forged[0]));
        Assert.Equal(HttpStatusCode.NotFound, later.StatusCode);
        Assert.Equal(51, harness.TaskReads);
    }

    [Fact]
    public async Task A_rate_limited_API_is_answered_503_with_its_Retry_After_at_once_after_one_call()
    {
        await using var harness = await ReceiverHarness.StartAsync();
        var id = await harness.CreateTaskAsync();
        harness.Simulator.InjectFault(SimulatorFault.RateLimit(TimeSpan.FromSeconds(20), times: 20, operation: SimulatorOperation.GetTask));
        var started = DateTime.UtcNow;

        using var response = await harness.DeliverAsync(ReceiverHarness.Body(id));

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Equal(TimeSpan.FromSeconds(20), response.Headers.RetryAfter?.Delta);
        Assert.Equal(1, harness.TaskReads);
        Assert.True(DateTime.UtcNow - started < TimeSpan.FromSeconds(10), "the delivery was held open");
        Assert.Empty(harness.Handled);
    }

    [Fact]
    public async Task A_server_error_is_answered_503_after_one_call_not_retried()
    {
        await using var harness = await ReceiverHarness.StartAsync();
        var id = await harness.CreateTaskAsync();
        harness.Simulator.InjectFault(SimulatorFault.Error("internal_error", times: 20, operation: SimulatorOperation.GetTask));

        using var response = await harness.DeliverAsync(ReceiverHarness.Body(id));

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.NotNull(response.Headers.RetryAfter);
        Assert.Equal(1, harness.TaskReads);
    }

    [Fact]
    public async Task Confirmations_beyond_the_cap_are_answered_503_without_an_API_call()
    {
        await using var harness = await ReceiverHarness.StartAsync(o =>
        {
            o.AllowUnauthenticatedCallbacks = true;
            o.MaxConfirmationsInFlight = 2;
        });
        var ids = new List<string>();
        for (var i = 0; i < 6; i++) ids.Add(await harness.CreateTaskAsync());
        harness.Simulator.InjectFault(SimulatorFault.Latency(TimeSpan.FromMilliseconds(500), times: 6, operation: SimulatorOperation.GetTask));

        var responses = await Task.WhenAll(ids.Select(id => harness.DeliverAsync(ReceiverHarness.Body(id))));

        Assert.Equal(2, responses.Count(r => r.StatusCode == HttpStatusCode.OK));
        Assert.Equal(4, responses.Count(r => r.StatusCode == HttpStatusCode.ServiceUnavailable && r.Headers.RetryAfter is not null));
        Assert.Equal(2, harness.TaskReads);
        foreach (var r in responses) r.Dispose();
    }

    [Fact]
    public async Task A_redelivery_while_the_handler_runs_is_not_acknowledged_and_one_after_it_failed_runs_it_again()
    {
        await using var harness = await ReceiverHarness.StartAsync();
        var id = await harness.CreateTaskAsync();
        var entered = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var calls = 0;
        harness.OnHandle = async _ =>
        {
            if (Interlocked.Increment(ref calls) > 1) return;
            entered.SetResult();
            await release.Task;
            throw new InvalidOperationException("the handler failed after a while");
        };

        var first = harness.DeliverAsync(ReceiverHarness.Body(id));
        await entered.Task.WaitAsync(TimeSpan.FromSeconds(10));
        using var during = await harness.DeliverAsync(ReceiverHarness.Body(id));
        release.SetResult();
        await Assert.ThrowsAsync<InvalidOperationException>(() => first);
        using var after = await harness.DeliverAsync(ReceiverHarness.Body(id));

        Assert.Equal(HttpStatusCode.Conflict, during.StatusCode);
        Assert.NotNull(during.Headers.RetryAfter);
        Assert.Contains("being handled", await during.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, after.StatusCode);
        Assert.Equal(2, calls);
    }

    [Fact]
    public async Task A_claim_left_by_a_crash_is_taken_over_once_its_lease_expires()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var store = new InMemoryNanoBananaCallbackStore(100, clock);
        await using var harness = await ReceiverHarness.StartAsync(
            o =>
            {
                o.AllowUnauthenticatedCallbacks = true;
                o.HandlerLease = TimeSpan.FromMinutes(2);
            },
            services: s => s.AddSingleton<TimeProvider>(clock).AddSingleton<INanoBananaCallbackStore>(store));
        var id = await harness.CreateTaskAsync();
        // A process claimed the delivery and died before its handler completed.
        await store.TryClaimAsync(id, GenerationTaskStatus.Completed, TimeSpan.FromMinutes(2), CancellationToken.None);

        using var whileLeased = await harness.DeliverAsync(ReceiverHarness.Body(id));
        clock.Advance(TimeSpan.FromMinutes(2));
        using var afterLease = await harness.DeliverAsync(ReceiverHarness.Body(id));
        using var replay = await harness.DeliverAsync(ReceiverHarness.Body(id));

        Assert.Equal(HttpStatusCode.Conflict, whileLeased.StatusCode);
        Assert.Equal(HttpStatusCode.OK, afterLease.StatusCode);
        Assert.Equal(HttpStatusCode.OK, replay.StatusCode);
        Assert.Single(harness.Handled);
    }

    [Fact]
    public async Task A_body_with_a_byte_order_mark_is_accepted()
    {
        await using var harness = await ReceiverHarness.StartAsync();
        var id = await harness.CreateTaskAsync();
        using var content = new ByteArrayContent([0xEF, 0xBB, 0xBF, .. Encoding.UTF8.GetBytes(ReceiverHarness.Body(id))]);
        content.Headers.ContentType = new("application/json");

        using var response = await harness.Http.PostAsync(ReceiverHarness.Path, content);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Single(harness.Handled);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task A_too_large_body_is_answered_413_without_an_error_log(bool declared)
    {
        await using var harness = await ReceiverHarness.StartAsync();
        var body = new byte[TaskCallback.MaxBodyBytes + 1];
        Array.Fill(body, (byte)' ');
        HttpContent content = declared ? new ByteArrayContent(body) : new StreamContent(new MemoryStream(body));
        if (!declared) content.Headers.ContentLength = null;

        using var response = await harness.Http.PostAsync(ReceiverHarness.Path, content);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.DoesNotContain(harness.Logs.GetSnapshot(), r => r.Level >= LogLevel.Error);
        Assert.Equal(0, harness.TaskReads);
        content.Dispose();
    }

    [Fact]
    public async Task Posted_values_reach_logs_and_answers_only_escaped()
    {
        await using var harness = await ReceiverHarness.StartAsync(simulatorOptions: new SimulatorOptions { TaskDuration = TimeSpan.FromHours(1) });
        var id = await harness.CreateTaskAsync();
        const string hostile = "\u001b]0;pwned\u0007\u001b[2J\r\nFAKE LOG LINE Bearer sk-forged0123456789";

        using var early = await harness.DeliverAsync(ReceiverHarness.Body(id, System.Text.Json.JsonEncodedText.Encode(hostile).ToString()));
        using var malformed = await harness.DeliverAsync("{\"id\":\"" + id + "\",\"status\":[\"" + System.Text.Json.JsonEncodedText.Encode(hostile) + "\"]}");

        Assert.Equal(HttpStatusCode.Conflict, early.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, malformed.StatusCode);
        var logged = string.Join("\n", harness.Logs.GetSnapshot().Select(r => r.Message));
        Assert.Contains("\\u001B]0;pwned", logged, StringComparison.Ordinal);
        Assert.DoesNotContain('\u001b', logged);
        Assert.DoesNotContain("\r\nFAKE", logged, StringComparison.Ordinal);
        Assert.DoesNotContain("sk-forged0123456789", logged, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_API_that_echoes_the_key_gets_it_into_no_answer_and_no_log()
    {
        const string key = "key-ECHO-5f2a9c7d1e";
        await using var api = new NanoBanana.Testing.EchoingApi();
        await using var harness = await ReceiverHarness.StartAsync(services: s => s.Configure<NanoBananaClientOptions>(o =>
        {
            o.ApiKey = key;
            o.BaseUrl = api.Url;
        }));
        var answers = new List<string>();

        foreach (var (id, expected) in new[] { ("echo-unknown-1", HttpStatusCode.Conflict), ("echo-done-2", HttpStatusCode.OK), ("echo-failed-3", HttpStatusCode.OK), ("no-such-task", HttpStatusCode.NotFound) })
        {
            using var response = await harness.DeliverAsync(ReceiverHarness.Body(id));
            Assert.Equal(expected, response.StatusCode);
            answers.Add(await response.Content.ReadAsStringAsync());
        }

        Assert.Equal(2, harness.Handled.Count);
        Assert.All(api.Requests, r => Assert.Equal("Bearer " + key, r.Authorization));
        Assert.All(answers, a => Assert.DoesNotContain(key, a, StringComparison.Ordinal));
        Assert.All(harness.Handled, t => Assert.DoesNotContain(key, $"{t.Id} {t.Status} {t.Model} {t.Error?.Code} {t.Error?.Message} {string.Join(" ", t.AdditionalProperties.Values)}", StringComparison.Ordinal));
        Assert.All(harness.Logs.GetSnapshot(), r => Assert.DoesNotContain(key, r.Message + r.Exception, StringComparison.Ordinal));
        Assert.All(harness.Logs.GetSnapshot(), r => Assert.DoesNotContain('\u001b', r.Message));
    }

    [Fact]
    public async Task A_missing_secret_fails_at_start_up_unless_unauthenticated_callbacks_are_allowed_on_purpose()
    {
        var error = await Assert.ThrowsAsync<ArgumentException>(() => ReceiverHarness.StartAsync(o => o.Secret = null));
        Assert.Equal(nameof(NanoBananaCallbackOptions.Secret), error.ParamName);
        Assert.Contains(nameof(NanoBananaCallbackOptions.AllowUnauthenticatedCallbacks), error.Message, StringComparison.Ordinal);

        await using var harness = await ReceiverHarness.StartAsync(o => o.AllowUnauthenticatedCallbacks = true);
        Assert.Contains(harness.Logs.GetSnapshot(), r => r.Level == LogLevel.Warning && r.Message.Contains("without a secret", StringComparison.Ordinal));
    }
}

using System.Diagnostics;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;
using NanoBanana.Client;
using NanoBanana.Testing;

namespace NanoBanana.Client.Tests;

/// <summary>The ActivitySource and the Meter named NanoBanana.Client report requests, retries, polls and task durations.</summary>
public sealed class TelemetryTests : IDisposable
{
    private readonly ClientHarness _h = new();

    public void Dispose() => _h.Dispose();

    [Fact]
    public async Task Requests_retries_polls_durations_and_activities_are_reported()
    {
        using var requests = new MetricCollector<long>(null, NanoBananaTelemetry.Name, "nanobanana.client.requests");
        using var retries = new MetricCollector<long>(null, NanoBananaTelemetry.Name, "nanobanana.client.retries");
        using var polls = new MetricCollector<long>(null, NanoBananaTelemetry.Name, "nanobanana.client.polls");
        using var durations = new MetricCollector<double>(null, NanoBananaTelemetry.Name, "nanobanana.client.task.duration");
        var activities = new List<string>();
        using var listener = new ActivityListener
        {
            ShouldListenTo = s => s.Name == NanoBananaTelemetry.Name,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = a => { lock (activities) activities.Add(a.OperationName); },
        };
        ActivitySource.AddActivityListener(listener);
        var taskId = "telemetry-" + Guid.NewGuid().ToString("N");
        _h.Server.Serve(ApiStubs.Created(taskId));
        _h.Server.ServeInSequence(ApiStubs.Error("getTask", "internal_error", taskId: taskId), ApiStubs.Processing(taskId), ApiStubs.Completed(taskId, costTime: 9000));

        await _h.RunAsync(_h.Client.GenerateAsync(Requests.Valid()));

        // Meters are process-wide and tests run in parallel: look for at least this test's share.
        Assert.True(requests.GetMeasurementSnapshot().Count(m => Equals(m.Tags["operation"], "get_task")) >= 3);
        Assert.True(requests.GetMeasurementSnapshot().Count(m => Equals(m.Tags["operation"], "create_task")) >= 1);
        Assert.True(retries.GetMeasurementSnapshot().Count(m => Equals(m.Tags["operation"], "read")) >= 1);
        Assert.True(polls.GetMeasurementSnapshot().Count >= 2);
        Assert.Contains(durations.GetMeasurementSnapshot(), m => m.Value == 9.0);
        lock (activities)
        {
            Assert.Contains("NanoBanana create_task", activities);
            Assert.Contains("NanoBanana get_task", activities);
        }
    }
}

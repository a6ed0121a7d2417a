using NanoBanana.Client;
using Xunit.Abstractions;

namespace NanoBanana.Client.Tests;

/// <summary>
/// The polling schedule simulated on virtual time against log-normal task durations (median 12 s, sigma 0.5, the
/// docs' example costTime), compared with a fixed 1 s poll.
/// </summary>
public sealed class PollingScheduleTests(ITestOutputHelper output)
{
    [Fact]
    public void The_default_schedule_sends_far_fewer_polls_than_a_fixed_second_and_detects_within_about_a_second()
    {
        var random = new Random(42);
        var options = new NanoBananaPollingOptions();
        var estimator = new TaskDurationEstimator(options.ExpectedDuration, options.ExpectedSpread);
        var schedule = new PollingSchedule(options, estimator);
        const int tasks = 5000;
        double polls = 0, delay = 0, fixedPolls = 0, fixedDelay = 0, maxDelay = 0;
        for (var i = 0; i < tasks; i++)
        {
            var duration = TimeSpan.FromSeconds(12 * Math.Exp(0.5 * Normal(random)));
            var t = schedule.NextDelay(TimeSpan.Zero, null, 0, null);
            var n = 1;
            while (t < duration)
            {
                t += schedule.NextDelay(t, GenerationTaskStatus.Processing, 0, null);
                n++;
            }

            estimator.Observe(duration);
            polls += n;
            delay += (t - duration).TotalSeconds;
            maxDelay = Math.Max(maxDelay, (t - duration).TotalSeconds);
            var f = Math.Ceiling(duration.TotalSeconds);
            fixedPolls += f;
            fixedDelay += f - duration.TotalSeconds;
        }

        output.WriteLine($"adaptive: {polls / tasks:F2} polls/task, mean detection delay {delay / tasks:F2} s, max {maxDelay:F2} s");
        output.WriteLine($"fixed 1 s: {fixedPolls / tasks:F2} polls/task, mean detection delay {fixedDelay / tasks:F2} s");
        Assert.True(polls / tasks < 0.6 * fixedPolls / tasks, "polls");
        Assert.True(delay / tasks < 1.5, "delay");
        Assert.True(maxDelay <= options.MaxInitialInterval.TotalSeconds, $"max delay {maxDelay:F2} s");
    }

    [Fact]
    public void Pending_backs_off_and_Retry_After_wins()
    {
        var options = new NanoBananaPollingOptions();
        var schedule = new PollingSchedule(options, new TaskDurationEstimator(options.ExpectedDuration, options.ExpectedSpread));
        var age = TimeSpan.FromSeconds(8); // past the first likely moment (about 6.3 s)

        var processing = schedule.NextDelay(age, GenerationTaskStatus.Processing, 0, null);
        var pending1 = schedule.NextDelay(age, GenerationTaskStatus.Pending, 1, null);
        var pending3 = schedule.NextDelay(age, GenerationTaskStatus.Pending, 3, null);
        var pending5 = schedule.NextDelay(age, GenerationTaskStatus.Pending, 5, null);

        Assert.True(pending1 >= processing);
        Assert.True(pending3 > processing);
        Assert.True(pending5 >= pending3);
        Assert.Equal(options.MaxInterval, pending5); // the back-off stops at the cap: a queued task that completes is still seen within it
        Assert.Equal(TimeSpan.FromSeconds(30), schedule.NextDelay(age, GenerationTaskStatus.Processing, 0, TimeSpan.FromSeconds(30)));
    }

    [Fact]
    public void Before_the_first_likely_moment_polls_are_sparse_and_end_at_it()
    {
        var options = new NanoBananaPollingOptions();
        var estimator = new TaskDurationEstimator(options.ExpectedDuration, options.ExpectedSpread);
        var schedule = new PollingSchedule(options, estimator);
        var first = estimator.Quantile(options.FirstPollQuantile);

        Assert.Equal(options.MaxInitialInterval, schedule.NextDelay(TimeSpan.Zero, null, 0, null));
        Assert.Equal(first - TimeSpan.FromSeconds(6), schedule.NextDelay(TimeSpan.FromSeconds(6), GenerationTaskStatus.Processing, 0, null));
        Assert.Equal(options.MinInterval, schedule.NextDelay(first - TimeSpan.FromMilliseconds(10), GenerationTaskStatus.Pending, 1, null));
    }

    [Fact]
    public void No_gap_exceeds_its_cap_whatever_the_age_or_status_except_a_Retry_After()
    {
        var options = new NanoBananaPollingOptions();
        var schedule = new PollingSchedule(options, new TaskDurationEstimator(options.ExpectedDuration, options.ExpectedSpread));

        for (var age = TimeSpan.Zero; age < TimeSpan.FromMinutes(30); age += TimeSpan.FromMilliseconds(250))
        {
            foreach (var (status, pending) in new (GenerationTaskStatus?, int)[] { (null, 0), (GenerationTaskStatus.Processing, 0), (GenerationTaskStatus.Pending, 12), ("queued", 0) })
            {
                var delay = schedule.NextDelay(age, status, pending, null);
                Assert.True(delay <= options.MaxInitialInterval, $"age {age}, {status}: {delay}");
                Assert.True(age < TimeSpan.FromSeconds(8) || delay <= options.MaxInterval, $"age {age}, {status}: {delay}");
            }
        }

        Assert.Equal(TimeSpan.FromSeconds(20), schedule.NextDelay(TimeSpan.FromMinutes(1), GenerationTaskStatus.Processing, 0, TimeSpan.FromSeconds(20)));
    }

    [Fact]
    public void The_estimator_follows_a_slower_model()
    {
        var estimator = new TaskDurationEstimator(TimeSpan.FromSeconds(12), 0.5);
        for (var i = 0; i < 50; i++) estimator.Observe(TimeSpan.FromSeconds(30));
        Assert.InRange(estimator.Quantile(0.5).TotalSeconds, 27, 31);
    }

    private static double Normal(Random random) =>
        Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
}

using NanoBanana.Cli;

namespace NanoBanana.Cli.Tests;

public class DurationTests
{
    [Theory]
    [InlineData("90s", 90_000)]
    [InlineData("5m", 300_000)]
    [InlineData("1h30m", 5_400_000)]
    [InlineData("2m30s", 150_000)]
    [InlineData("1d", 86_400_000)]
    [InlineData("500ms", 500)]
    [InlineData("1m500ms", 60_500)]
    [InlineData("45", 45_000)]
    [InlineData(" 10S ", 10_000)]
    public void Parses_durations_as_typed(string text, long expectedMs)
    {
        Assert.True(Duration.TryParse(text, out var value, out var error), error);
        Assert.Equal(TimeSpan.FromMilliseconds(expectedMs), value);
    }

    [Theory]
    [InlineData("", "required")]
    [InlineData("5x", "not a duration")]
    [InlineData("m5", "not a duration")]
    [InlineData("30m1h", "not a duration")]
    [InlineData("-5s", "not a duration")]
    [InlineData("1.5h", "not a duration")]
    [InlineData("0s", "greater than zero")]
    [InlineData("0", "greater than zero")]
    [InlineData("8d", "too long")]
    [InlineData("99999999999999999999h", "too long")]
    public void Rejects_what_is_not_a_positive_duration_with_a_reason(string text, string reason)
    {
        Assert.False(Duration.TryParse(text, out _, out var error));
        Assert.Contains(reason, error);
    }

    [Theory]
    [InlineData("get_task: the request timed out after 00:00:20.", "get_task: the request timed out after 20 s.")]
    [InlineData("still running after 00:00:00.5000000", "still running after 500 ms")]
    [InlineData("waited 1.02:00:00 in all", "waited 1 d 2 h in all")]
    [InlineData("at 2026-12-06T12:30:00Z", "at 2026-12-06T12:30:00Z")]
    public void Durations_in_library_messages_are_written_for_people(string text, string expected)
    {
        Assert.Equal(expected, Duration.Humanize(text));
    }
}

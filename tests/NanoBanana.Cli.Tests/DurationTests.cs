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
    [InlineData(90_000, "1m30s")]
    [InlineData(5_400_000, "1h30m")]
    [InlineData(500, "500ms")]
    public void Formats_the_way_it_parses(long ms, string expected)
    {
        Assert.Equal(expected, Duration.Format(TimeSpan.FromMilliseconds(ms)));
        Assert.True(Duration.TryParse(expected, out var back, out _));
        Assert.Equal(TimeSpan.FromMilliseconds(ms), back);
    }
}

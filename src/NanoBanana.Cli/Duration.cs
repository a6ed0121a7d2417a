using System.Globalization;
using System.Text.RegularExpressions;

namespace NanoBanana.Cli;

/// <summary>
/// Durations on the command line: a number with a unit, units combined from largest to smallest
/// (<c>90s</c>, <c>5m</c>, <c>1h30m</c>, <c>2m30s</c>, <c>500ms</c>); a bare number means seconds.
/// </summary>
internal static partial class Duration
{
    /// <summary>Longest accepted duration: long enough for any wait, short enough never to overflow a timer.</summary>
    public static readonly TimeSpan Max = TimeSpan.FromDays(7);

    [GeneratedRegex(@"^(?:(?<d>\d+)d)?(?:(?<h>\d+)h)?(?:(?<m>\d+)m)?(?:(?<s>\d+)s)?(?:(?<ms>\d+)ms)?$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Pattern();

    /// <summary>Parses <paramref name="text"/>; on failure <paramref name="error"/> says what is wrong and what is accepted.</summary>
    public static bool TryParse(string? text, out TimeSpan value, out string? error)
    {
        value = default;
        error = null;
        var trimmed = text?.Trim() ?? string.Empty;
        if (trimmed.Length == 0)
        {
            error = "a duration is required, such as 90s, 5m or 1h30m";
            return false;
        }

        if (long.TryParse(trimmed, NumberStyles.None, CultureInfo.InvariantCulture, out var bareSeconds))
        {
            return Check(trimmed, bareSeconds <= Max.TotalSeconds ? TimeSpan.FromSeconds(bareSeconds) : null, out value, out error);
        }

        var match = Pattern().Match(trimmed);
        if (!match.Success)
        {
            error = $"'{trimmed}' is not a duration; use a number with a unit (d, h, m, s, ms), such as 90s, 5m or 1h30m";
            return false;
        }

        decimal totalMs = 0;
        foreach (var (group, msPerUnit) in new[] { ("d", 86_400_000m), ("h", 3_600_000m), ("m", 60_000m), ("s", 1_000m), ("ms", 1m) })
        {
            var g = match.Groups[group];
            if (!g.Success) continue;
            if (!decimal.TryParse(g.Value, NumberStyles.None, CultureInfo.InvariantCulture, out var n) || n > 1_000_000_000m)
            {
                totalMs = decimal.MaxValue;
                break;
            }

            totalMs += n * msPerUnit;
        }

        return Check(trimmed, totalMs <= (decimal)Max.TotalMilliseconds ? TimeSpan.FromMilliseconds((double)totalMs) : null, out value, out error);
    }

    /// <summary>Formats a duration the way it is typed: <c>1h30m</c>, <c>90s</c> becomes <c>1m30s</c>.</summary>
    public static string Format(TimeSpan value)
    {
        if (value <= TimeSpan.Zero) return "0s";
        var parts = new System.Text.StringBuilder();
        if (value.Days > 0) parts.Append(CultureInfo.InvariantCulture, $"{value.Days}d");
        if (value.Hours > 0) parts.Append(CultureInfo.InvariantCulture, $"{value.Hours}h");
        if (value.Minutes > 0) parts.Append(CultureInfo.InvariantCulture, $"{value.Minutes}m");
        if (value.Seconds > 0) parts.Append(CultureInfo.InvariantCulture, $"{value.Seconds}s");
        if (value.Milliseconds > 0) parts.Append(CultureInfo.InvariantCulture, $"{value.Milliseconds}ms");
        return parts.Length == 0 ? "0s" : parts.ToString();
    }

    private static bool Check(string text, TimeSpan? parsed, out TimeSpan value, out string? error)
    {
        value = parsed ?? default;
        if (parsed is null)
        {
            error = $"'{text}' is too long; the longest accepted duration is {Format(Max)}";
            return false;
        }

        if (parsed.Value <= TimeSpan.Zero)
        {
            error = $"'{text}' must be greater than zero";
            return false;
        }

        error = null;
        return true;
    }
}

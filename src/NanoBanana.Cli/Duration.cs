using System.Globalization;
using System.Text.RegularExpressions;

namespace NanoBanana.Cli;

/// <summary>
/// Durations on the command line: a number with a unit, units combined from largest to smallest
/// (<c>90s</c>, <c>5m</c>, <c>1h30m</c>, <c>2m30s</c>, <c>500ms</c>); a bare number means seconds. Printed for
/// people: <c>1 min 30 s</c>.
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

    /// <summary>A duration for people: <c>500 ms</c>, <c>1 min 30 s</c>, <c>1 h 30 min</c>, <c>2 d</c>.</summary>
    public static string Format(TimeSpan value)
    {
        if (value <= TimeSpan.Zero) return "0 s";
        var parts = new List<string>(5);
        if (value.Days > 0) parts.Add(string.Create(CultureInfo.InvariantCulture, $"{value.Days} d"));
        if (value.Hours > 0) parts.Add(string.Create(CultureInfo.InvariantCulture, $"{value.Hours} h"));
        if (value.Minutes > 0) parts.Add(string.Create(CultureInfo.InvariantCulture, $"{value.Minutes} min"));
        if (value.Seconds > 0) parts.Add(string.Create(CultureInfo.InvariantCulture, $"{value.Seconds} s"));
        if (value.Milliseconds > 0) parts.Add(string.Create(CultureInfo.InvariantCulture, $"{value.Milliseconds} ms"));
        return parts.Count == 0 ? "0 s" : string.Join(' ', parts);
    }

    [GeneratedRegex(@"(?<![\w:.])(?:\d+\.)?\d{2}:\d{2}:\d{2}(?:\.\d{1,7})?(?![\w:])", RegexOptions.CultureInvariant)]
    private static partial Regex TimeSpanText();

    /// <summary>
    /// <paramref name="text"/> with every duration in .NET's <c>00:00:00.5000000</c> form (from a library's
    /// message) written for people (<c>500 ms</c>).
    /// </summary>
    public static string Humanize(string text) => TimeSpanText().Replace(text, m =>
        TimeSpan.TryParse(m.Value, CultureInfo.InvariantCulture, out var value) ? Format(value) : m.Value);

    private static bool Check(string text, TimeSpan? parsed, out TimeSpan value, out string? error)
    {
        value = parsed ?? default;
        if (parsed is null)
        {
            error = $"'{text}' is too long; the longest accepted duration is 7d";
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

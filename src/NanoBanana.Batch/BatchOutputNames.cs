namespace NanoBanana.Batch;

/// <summary>
/// How a batch names its output files, and the check that no two items can ever write the same file: the one rule
/// both the planner (before anything is sent) and the runner (when it saves) use.
/// </summary>
/// <remarks>
/// An item's first output is <c>STEM.ext</c>, its N-th (N ≥ 2) <c>STEM~N.ext</c>, where STEM is the key with every
/// character but ASCII letters, digits, <c>-</c>, <c>_</c> and <c>.</c> replaced by <c>_</c> and leading dots
/// removed. <c>~</c> never appears in a stem, so another item's name cannot look like a further output; names are
/// compared case-insensitively (folders on macOS and Windows are).
/// </remarks>
public static class BatchOutputNames
{
    /// <summary>The longest key (and so the longest file name stem) a batch accepts.</summary>
    public const int MaxKeyLength = 100;

    /// <summary>The stem of <paramref name="key"/>'s output files.</summary>
    /// <param name="key">The item's key.</param>
    public static string Stem(string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        var safe = string.Concat(key.Select(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' ? c : '_')).TrimStart('.');
        return safe.Length == 0 ? "_" : safe;
    }

    /// <summary>The file name of output <paramref name="index"/> of <paramref name="key"/>: the URL's extension when plain, else <c>.png</c>.</summary>
    /// <param name="key">The item's key.</param>
    /// <param name="url">The output URL.</param>
    /// <param name="index">The output's index (0-based).</param>
    public static string FileName(string key, Uri url, int index)
    {
        ArgumentNullException.ThrowIfNull(url);
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        var extension = url.IsAbsoluteUri ? System.IO.Path.GetExtension(url.AbsolutePath) : string.Empty;
        if (extension.Length is < 2 or > 6 || !extension[1..].All(char.IsAsciiLetterOrDigit)) extension = ".png";
        return Stem(key) + (index == 0 ? string.Empty : $"~{index + 1}") + extension.ToLowerInvariant();
    }

    /// <summary>What is wrong with <paramref name="key"/> as a key, or null when it is fine.</summary>
    /// <param name="key">The key.</param>
    public static string? Problem(string key)
    {
        if (string.IsNullOrWhiteSpace(key)) return "is empty";
        if (key.Length > MaxKeyLength) return $"is {key.Length} characters long; at most {MaxKeyLength}";
        if (key.Any(char.IsControl)) return "contains a control character";
        return null;
    }

    /// <summary>
    /// Every problem with the items' keys: a bad key, or two items whose output files would have the same name (raw key,
    /// or after sanitising, case-insensitively).
    /// </summary>
    /// <param name="keys">The keys, in order.</param>
    /// <returns>Each problem, in order: the item's position, the position of the item it clashes with (if any), and what is wrong.</returns>
    public static IReadOnlyList<BatchKeyProblem> Check(IReadOnlyList<string> keys)
    {
        ArgumentNullException.ThrowIfNull(keys);
        var problems = new List<BatchKeyProblem>();
        var stems = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < keys.Count; i++)
        {
            if (Problem(keys[i]) is { } problem)
            {
                problems.Add(new BatchKeyProblem(i, null, $"id '{Shorten(keys[i])}' {problem}"));
                continue;
            }

            var stem = Stem(keys[i]);
            if (stems.TryGetValue(stem, out var first))
            {
                problems.Add(new BatchKeyProblem(i, first, keys[first] == keys[i]
                    ? $"id '{keys[i]}' is already used"
                    : $"id '{keys[i]}' names the same output file as '{keys[first]}' (both save as {stem}.*)"));
                continue;
            }

            stems[stem] = i;
        }

        return problems;
    }

    /// <summary>Throws when <see cref="Check"/> finds a problem.</summary>
    /// <param name="items">The batch.</param>
    /// <exception cref="ArgumentException">A bad key or a clash, every one named.</exception>
    public static void ThrowIfInvalid(IReadOnlyList<BatchItem> items)
    {
        ArgumentNullException.ThrowIfNull(items);
        var problems = Check(items.Select(i => i.Key).ToList());
        if (problems.Count > 0)
        {
            throw new ArgumentException("The batch's item keys cannot name its output files: " +
                string.Join("; ", problems.Select(p => $"item {p.Position + 1}: {p.Message}" + (p.ClashesWith is { } c ? $" (item {c + 1})" : string.Empty))), nameof(items));
        }
    }

    private static string Shorten(string text) => text.Length <= 40 ? text : text[..40] + "...";
}

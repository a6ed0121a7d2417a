namespace NanoBanana.Client;

/// <summary>
/// The contract's enum values as the API spells them, for the command line's help and parsing: the values this version
/// knows (<c>16:9</c>, <c>nano-banana-2-lite</c>), and text read back into a value. A value spells itself (<c>ToString()</c>).
/// </summary>
internal static class ApiNames
{
    /// <summary>Every value of <typeparamref name="T"/> this version knows, as the API spells it, in the contract's order.</summary>
    public static IReadOnlyList<string> All<T>() where T : struct, IWireValue<T> => [.. T.KnownValues.Select(static v => v.ToString()!)];

    /// <summary>The known values, comma-separated.</summary>
    public static string List<T>() where T : struct, IWireValue<T> => string.Join(", ", All<T>());

    /// <summary>Reads a known value as the API spells it, ignoring case and surrounding white space (<c>16:9</c>, <c>Auto</c>).</summary>
    /// <param name="text">The text to read.</param>
    /// <param name="value">The value, when the text names one.</param>
    /// <returns>Whether <paramref name="text"/> is one of the known values of <typeparamref name="T"/>.</returns>
    public static bool TryParse<T>(string? text, out T value) where T : struct, IWireValue<T>
    {
        var trimmed = text?.Trim();
        foreach (var known in T.KnownValues)
        {
            if (string.Equals(known.ToString()!, trimmed, StringComparison.OrdinalIgnoreCase))
            {
                value = known;
                return true;
            }
        }

        value = default;
        return false;
    }
}

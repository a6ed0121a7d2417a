using System.Reflection;
using System.Text.Json.Serialization;

namespace NanoBanana.Client;

/// <summary>
/// The API's spelling of the contract's enum values (<c>16:9</c> for <see cref="AspectRatio.Landscape16x9"/>,
/// <c>nano-banana-2-lite</c> for <see cref="ImageModel.NanoBanana2Lite"/>), read from the generated serialization
/// attributes: the one place that turns an aspect ratio, a resolution or a model into the name the API uses, for logs,
/// messages and command lines. A <see cref="GenerationTaskStatus"/> spells itself (<c>ToString()</c>).
/// </summary>
public static class ApiNames
{
    /// <summary>The value as the API spells it (<c>processing</c>, <c>16:9</c>); an undefined value as its number.</summary>
    /// <typeparam name="T">One of the contract's enums, such as <see cref="AspectRatio"/> or <see cref="ImageModel"/>.</typeparam>
    /// <param name="value">The value.</param>
    public static string Of<T>(T value) where T : struct, Enum =>
        Table<T>.ByValue.TryGetValue(value, out var name) ? name : value.ToString();

    /// <summary>Every value of <typeparamref name="T"/> as the API spells it, in declaration order.</summary>
    /// <typeparam name="T">One of the contract's enums.</typeparam>
    public static IReadOnlyList<string> All<T>() where T : struct, Enum => Table<T>.Names;

    /// <summary>Reads a value as the API spells it, ignoring case and surrounding white space (<c>16:9</c>, <c>Auto</c>).</summary>
    /// <typeparam name="T">One of the contract's enums.</typeparam>
    /// <param name="text">The text to read.</param>
    /// <param name="value">The value, when the text names one.</param>
    /// <returns>Whether <paramref name="text"/> is one of the API's names for <typeparamref name="T"/>.</returns>
    public static bool TryParse<T>(string? text, out T value) where T : struct, Enum
    {
        value = default;
        return text is not null && Table<T>.ByName.TryGetValue(text.Trim(), out value);
    }

    private static class Table<T> where T : struct, Enum
    {
        private static readonly (string Name, T Value)[] Members = typeof(T).GetFields(BindingFlags.Public | BindingFlags.Static)
            .Select(f => (f.GetCustomAttribute<JsonStringEnumMemberNameAttribute>()?.Name ?? f.Name, (T)f.GetValue(null)!))
            .ToArray();

        public static readonly IReadOnlyList<string> Names = Members.Select(m => m.Name).ToArray();

        public static readonly Dictionary<T, string> ByValue = Members.ToDictionary(m => m.Value, m => m.Name);

        public static readonly Dictionary<string, T> ByName = Members.ToDictionary(m => m.Name, m => m.Value, StringComparer.OrdinalIgnoreCase);
    }
}

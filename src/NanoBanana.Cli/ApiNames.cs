using System.Reflection;
using System.Text.Json.Serialization;
using NanoBanana.Client;

namespace NanoBanana.Cli;

/// <summary>The API's spellings of the generated enums (<c>16:9</c> for <see cref="AspectRatio.Landscape16x9"/>, <c>processing</c>), read from the contract's attributes.</summary>
internal static class ApiNames
{
    /// <summary>Every aspect ratio the contract accepts, as typed on the command line.</summary>
    public static IReadOnlyList<string> AspectRatios { get; } = Names<AspectRatio>().Select(p => p.Name).ToList();

    /// <summary>A task status as the API spells it (<c>processing</c>, or a status added later as it came).</summary>
    public static string Status(GenerationTaskStatus status) => status.ToString();

    /// <summary>A model as the API spells it (<c>nano-banana-2-lite</c>).</summary>
    public static string Model(ImageModel model) => Names<ImageModel>().First(p => p.Value == model).Name;

    /// <summary>Parses an aspect ratio as the API spells it (<c>16:9</c>, <c>auto</c>).</summary>
    public static bool TryParseAspectRatio(string text, out AspectRatio value)
    {
        foreach (var (name, member) in Names<AspectRatio>())
        {
            if (string.Equals(name, text.Trim(), StringComparison.OrdinalIgnoreCase))
            {
                value = member;
                return true;
            }
        }

        value = default;
        return false;
    }

    private static IEnumerable<(string Name, T Value)> Names<T>() where T : struct, Enum =>
        typeof(T).GetFields(BindingFlags.Public | BindingFlags.Static)
            .Select(f => (f.GetCustomAttribute<JsonStringEnumMemberNameAttribute>()?.Name ?? f.Name, (T)f.GetValue(null)!));
}

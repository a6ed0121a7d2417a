using System.Reflection;
using System.Text.RegularExpressions;

namespace NanoBanana.PublicApi.Tests;

/// <summary>
/// What the public API promises about the contract's shapes: no contract enum is a C# <c>enum</c> (a value added to the
/// contract would renumber it), and no serializer or validation attribute is part of a public model (a generator or
/// serializer upgrade would change the API).
/// </summary>
public sealed partial class ContractSurfaceTests
{
    /// <summary>The libraries whose public models are ours (the Kiota package exposes Kiota's models as Kiota writes them).</summary>
    public static TheoryData<string> OwnModelAssemblies => new(ApiBaseline.ListedAssemblies.Where(a => a != "NanoBanana.Kiota"));

    /// <summary>The names of the contract's enum schemas (every schema under components/schemas with an <c>enum:</c>).</summary>
    internal static IReadOnlyList<string> ContractEnumNames { get; } = ReadContractEnumNames();

    [Fact]
    public void The_contract_has_enums_to_check() =>
        Assert.Contains("AspectRatio", ContractEnumNames);

    [Theory]
    [MemberData(nameof(OwnModelAssemblies))]
    public void No_public_CSharp_enum_comes_from_a_contract_enum(string assemblyName)
    {
        var offenders = Assembly.Load(assemblyName).GetExportedTypes()
            .Where(t => t.IsEnum)
            .Where(t => ContractEnumNames.Contains(t.Name) || t.GetFields(BindingFlags.Public | BindingFlags.Static).Any(f =>
                f.CustomAttributes.Any(a => a.AttributeType.Name is "EnumMemberAttribute" or "JsonStringEnumMemberNameAttribute")))
            .Select(t => t.FullName)
            .ToArray();

        Assert.True(offenders.Length == 0,
            $"public C# enums made from contract enums (a value appended to the contract would renumber them; use a readonly struct " +
            $"with static known values, as GenerationTaskStatus): {string.Join(", ", offenders)}");
    }

    [Theory]
    [MemberData(nameof(OwnModelAssemblies))]
    public void No_serializer_or_validation_attribute_is_public_API(string assemblyName)
    {
        var listing = ApiBaseline.Generate(Assembly.Load(assemblyName));
        var lines = listing.Split('\n')
            .Where(l => l.Contains("System.Text.Json.Serialization.", StringComparison.Ordinal)
                        || l.Contains("System.ComponentModel.DataAnnotations.", StringComparison.Ordinal)
                        || l.Contains("System.Runtime.Serialization.EnumMember", StringComparison.Ordinal))
            .Select(l => l.Trim())
            .ToArray();

        Assert.True(lines.Length == 0, $"{assemblyName}'s public API carries serializer or validation attributes:\n{string.Join('\n', lines)}");
    }

    private static string[] ReadContractEnumNames()
    {
        var spec = File.ReadAllText(Path.Combine(ApiBaseline.RepoRoot, "openapi", "v1", "nano-banana-2-lite.yaml")).ReplaceLineEndings("\n");
        var schemas = spec[spec.IndexOf("\n  schemas:\n", StringComparison.Ordinal)..];
        // A schema starts at four spaces of indentation; its own keywords sit at six.
        return SchemaBlock().Matches(schemas)
            .Where(m => m.Groups["body"].Value.Split('\n').Any(l => l.StartsWith("      enum:", StringComparison.Ordinal)))
            .Select(m => m.Groups["name"].Value)
            .ToArray();
    }

    [GeneratedRegex(@"^    (?<name>[A-Za-z0-9]+):\n(?<body>(?:(?:      .*)?\n)*)", RegexOptions.Multiline)]
    private static partial Regex SchemaBlock();
}

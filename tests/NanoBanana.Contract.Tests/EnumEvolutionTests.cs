using System.Reflection;
using System.Runtime.Serialization;
using System.Text.Json.Nodes;

namespace NanoBanana.Contract.Tests;

/// <summary>
/// A value appended to a contract enum never changes an existing member, in either client. The facade's enums are
/// extensible value types (a member is its wire string: nothing to renumber). Kiota emits C# enums with implicit
/// numbers in the spec's order, so there an appended value keeps every existing number, and the spec may only append:
/// every enum of a released contract is a prefix of the current one.
/// </summary>
public sealed class EnumEvolutionTests
{
    public static TheoryData<string> Enums() => SpecGeneratorNamesTests.Enums();

    [Theory]
    [MemberData(nameof(Enums))]
    public void The_facade_enum_is_a_value_type_whose_members_are_their_wire_strings(string schemaName)
    {
        var type = typeof(NanoBanana.Client.NanoBananaClient).Assembly.GetType("NanoBanana.Client." + schemaName, throwOnError: true)!;
        var (values, names) = Members(ContractDocument.Current.Root, schemaName);

        Assert.True(type.IsValueType && !type.IsEnum, $"{type} must be a readonly struct, not an enum");
        var members = type.GetProperties(BindingFlags.Public | BindingFlags.Static).Where(p => p.PropertyType == type)
            .ToDictionary(p => p.Name, p => p.GetValue(null)!.ToString()!);
        // Each member is its wire string, whatever else the contract holds; the contract's values are all known.
        Assert.Equal(names.Zip(values).ToDictionary(), members);
    }

    [Theory]
    [MemberData(nameof(Enums))]
    public void Kiota_numbers_members_in_the_contracts_order(string schemaName)
    {
        var type = typeof(NanoBanana.Kiota.NanoBananaKiotaClient).Assembly.GetType("NanoBanana.Kiota.Models." + schemaName, throwOnError: true)!;
        var (values, _) = Members(ContractDocument.Current.Root, schemaName);

        Assert.True(type.IsEnum);
        foreach (var field in type.GetFields(BindingFlags.Public | BindingFlags.Static))
        {
            var wire = field.GetCustomAttribute<EnumMemberAttribute>()!.Value!;
            Assert.Equal(values.IndexOf(wire), Convert.ToInt32(field.GetValue(null), System.Globalization.CultureInfo.InvariantCulture));
        }
    }

    [Fact]
    public void Every_released_enum_is_a_prefix_of_the_current_one()
    {
        var released = Directory.GetFiles(Path.Combine(ContractDocument.RepoRoot, "openapi", "released"), "*.yaml");
        Assert.NotEmpty(released);
        foreach (var path in released)
        {
            var problems = RenumberedMembers(NanoBanana.Simulator.YamlJson.Parse(File.ReadAllText(path))!.AsObject(), ContractDocument.Current.Root);
            Assert.True(problems.Count == 0, $"{Path.GetFileName(path)} -> current: {string.Join("; ", problems)}");
        }
    }

    [Fact]
    public void The_prefix_rule_passes_an_appended_value_and_catches_an_inserted_one()
    {
        var current = ContractDocument.Current.Root;
        var appended = WithRatios(current, values => values.Add("2:1"));
        var inserted = WithRatios(current, values => values.Insert(3, "2:1"));

        Assert.Empty(RenumberedMembers(current, appended));
        var problems = RenumberedMembers(current, inserted);
        Assert.Contains("AspectRatio: '2:3' moves from 3 to 4", problems);
        Assert.All(problems, p => Assert.StartsWith("AspectRatio: ", p, StringComparison.Ordinal));
    }

    /// <summary>For every enum of <paramref name="before"/>: the members whose position (Kiota's number) changed in <paramref name="after"/>.</summary>
    internal static List<string> RenumberedMembers(JsonObject before, JsonObject after)
    {
        var problems = new List<string>();
        foreach (var (name, schema) in (JsonObject)before["components"]!["schemas"]!)
        {
            if (schema!["enum"] is not JsonArray) continue;
            var (old, _) = Members(before, name);
            var (now, _) = Members(after, name);
            for (var i = 0; i < old.Count; i++)
            {
                var position = now.IndexOf(old[i]);
                if (position != i) problems.Add($"{name}: '{old[i]}' moves from {i} to {(position < 0 ? "nowhere (removed)" : position)}");
            }
        }

        return problems;
    }

    private static (List<string> Values, List<string> Names) Members(JsonObject root, string schemaName)
    {
        var schema = root["components"]!["schemas"]![schemaName]!;
        return (schema["enum"]!.AsArray().Select(v => v!.GetValue<string>()).ToList(),
                schema["x-enumNames"]!.AsArray().Select(v => v!.GetValue<string>()).ToList());
    }

    private static JsonObject WithRatios(JsonObject root, Action<List<string>> change)
    {
        var copy = root.DeepClone().AsObject();
        var schema = copy["components"]!["schemas"]!["AspectRatio"]!;
        var values = schema["enum"]!.AsArray().Select(v => v!.GetValue<string>()).ToList();
        change(values);
        schema["enum"] = new JsonArray([.. values.Select(v => (JsonNode?)JsonValue.Create(v))]);
        return copy;
    }
}

using System.Reflection;
using System.Text.RegularExpressions;

namespace NanoBanana.PublicApi.Tests;

/// <summary>
/// Each library's public API must equal its checked-in listing in api/; a change fails until it is
/// accepted with <c>make api-baseline</c> (UPDATE_API_BASELINE=1) and reviewed in <c>git diff api/</c>.
/// </summary>
public sealed partial class PublicApiTests
{
    public static TheoryData<string> Assemblies => new(ApiBaseline.ListedAssemblies);

    [Theory]
    [MemberData(nameof(Assemblies))]
    public void Public_API_matches_the_checked_in_baseline(string assemblyName)
    {
        var baseline = ApiBaseline.For(assemblyName);
        var actual = ApiBaseline.Generate(Assembly.Load(assemblyName));

        if (ApiBaseline.UpdateRequested)
        {
            baseline.Accept(actual);
            return;
        }

        var expected = baseline.ReadBaseline();
        if (expected == actual)
        {
            baseline.DeleteReceived();
            return;
        }

        baseline.WriteReceived(actual);
        Assert.Fail(baseline.DescribeMismatch(expected, actual));
    }

    [Theory]
    [MemberData(nameof(Assemblies))]
    public void The_listing_holds_every_exported_type(string assemblyName)
    {
        var assembly = Assembly.Load(assemblyName);
        var listing = ApiBaseline.Generate(assembly);

        var missing = assembly.GetExportedTypes()
            .Where(t => !t.IsNested)
            .Where(t => !listing.Contains("namespace " + t.Namespace + "\n", StringComparison.Ordinal)
                        || !Regex.IsMatch(listing, $@"\b(class|struct|interface|enum|delegate|record)\b[^\n]*\b{Regex.Escape(t.Name.Split('`')[0])}\b"))
            .Select(t => t.FullName)
            .ToArray();

        Assert.True(missing.Length == 0, $"public types missing from the {assemblyName} listing: {string.Join(", ", missing)}");
    }

    [Fact]
    public void No_baseline_without_a_listed_library()
    {
        var baselines = Directory.GetFiles(Path.Combine(ApiBaseline.RepoRoot, "api"), "*.txt")
            .Select(Path.GetFileName)
            .Where(f => !f!.EndsWith(".received.txt", StringComparison.Ordinal))
            .Select(f => f![..^".txt".Length])
            .ToArray();
        var orphans = baselines.Except(ApiBaseline.ListedAssemblies).ToArray();

        if (ApiBaseline.UpdateRequested)
        {
            // make api-baseline: a library that left the list takes its baseline with it.
            foreach (var orphan in orphans) File.Delete(ApiBaseline.For(orphan).BaselinePath);
            return;
        }

        Assert.True(orphans.Length == 0,
            $"baseline without a listed library: {string.Join(", ", orphans.Select(o => $"api/{o}.txt"))}. Remove it, or list the library " +
            "in tests/NanoBanana.PublicApi.Tests/NanoBanana.PublicApi.Tests.csproj (`make api-baseline` removes it).");
    }

    [Fact]
    public void Every_library_under_src_is_listed()
    {
        var libraries = Directory.GetDirectories(Path.Combine(ApiBaseline.RepoRoot, "src"))
            .Select(dir => Path.Combine(dir, Path.GetFileName(dir) + ".csproj"))
            .Where(File.Exists)
            .Where(csproj => !ExeOutput().IsMatch(File.ReadAllText(csproj)))
            .Select(Path.GetFileNameWithoutExtension)
            .Order(StringComparer.Ordinal)
            .ToArray();

        var missing = libraries.Except(ApiBaseline.ListedAssemblies).ToArray();

        Assert.True(missing.Length == 0,
            $"library without a public API baseline: {string.Join(", ", missing)}. Add " +
            string.Join(" ", missing.Select(m => $"<PublicApiAssembly Include=\"{m}\" />")) +
            " to tests/NanoBanana.PublicApi.Tests/NanoBanana.PublicApi.Tests.csproj, then run `make api-baseline`.");
    }

    [GeneratedRegex(@"<OutputType>\s*Exe\s*</OutputType>", RegexOptions.IgnoreCase)]
    private static partial Regex ExeOutput();
}

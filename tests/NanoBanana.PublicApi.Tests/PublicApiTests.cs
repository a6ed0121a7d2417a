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

using System.Text.RegularExpressions;

namespace NanoBanana.Contract.Tests;

/// <summary>
/// The release discipline (docs/regenerating.md): every contract change moves <c>info.version</c> and is released in
/// the same commit, a frozen copy in <c>openapi/released/</c> and a CHANGELOG entry of that version. So the working
/// spec is always the released copy of its own version, and the CHANGELOG has no "Unreleased" section.
/// </summary>
public partial class SpecReleaseTests
{
    private static readonly string Version = ContractDocument.Current.OpenApi.Info.Version;
    private static readonly string Released = Path.Combine(ContractDocument.RepoRoot, "openapi", "released");
    private static readonly string Changelog = File.ReadAllText(Path.Combine(ContractDocument.RepoRoot, "openapi", "v1", "CHANGELOG.md"));

    [Fact]
    public void The_working_spec_is_the_released_copy_of_its_version()
    {
        var copy = Path.Combine(Released, $"nano-banana-2-lite-{Version}.yaml");
        Assert.True(File.Exists(copy),
            $"contract {Version} is not released: run `make release-contract` (copies the spec to openapi/released/) in the commit that moves info.version");
        Assert.True(File.ReadAllText(copy) == File.ReadAllText(ContractDocument.SpecPath),
            $"the spec differs from the released copy of {Version} ({copy}): a released contract is frozen; move info.version, add its CHANGELOG entry and run `make release-contract`");
    }

    [Fact]
    public void The_changelog_opens_with_the_spec_s_version_and_has_no_unreleased_section()
    {
        var versions = Heading().Matches(Changelog).Select(m => m.Groups[1].Value).ToList();
        Assert.DoesNotContain(versions, v => v.StartsWith("Unreleased", StringComparison.OrdinalIgnoreCase));
        Assert.Equal(Version, versions.FirstOrDefault());
    }

    [Fact]
    public void Every_released_copy_has_its_changelog_entry()
    {
        var versions = Heading().Matches(Changelog).Select(m => m.Groups[1].Value.Trim()).ToHashSet();
        foreach (var file in Directory.GetFiles(Released, "nano-banana-2-lite-*.yaml"))
        {
            var version = Path.GetFileNameWithoutExtension(file)["nano-banana-2-lite-".Length..];
            Assert.True(versions.Contains(version), $"{file}: openapi/v1/CHANGELOG.md has no '## {version}' entry");
        }
    }

    [GeneratedRegex(@"(?m)^## +(\S[^\r\n]*?)\s*$")]
    private static partial Regex Heading();
}

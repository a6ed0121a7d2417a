using System.Text.RegularExpressions;

namespace NanoBanana.Contract.Tests;

/// <summary>
/// NanoBanana.Contract.sln holds every project under src/, tests/, bench/ and samples/, each in the solution folder named
/// like its directory, and nothing else (build/package-smoke is a throwaway consumer, built by its own script).
/// </summary>
public sealed partial class SolutionLayoutTests
{
    private const string SolutionFolderType = "2150E333-8FDC-42A3-9474-1A3956D46DE8";

    [GeneratedRegex("""^Project\("\{(?<type>[0-9A-F-]+)\}"\) = "(?<name>[^"]+)", "(?<path>[^"]+)", "\{(?<guid>[0-9A-F-]+)\}"$""", RegexOptions.Multiline | RegexOptions.IgnoreCase)]
    private static partial Regex ProjectLine();

    [GeneratedRegex("""^\s*\{(?<child>[0-9A-F-]+)\} = \{(?<parent>[0-9A-F-]+)\}\s*$""", RegexOptions.Multiline | RegexOptions.IgnoreCase)]
    private static partial Regex NestingLine();

    [Fact]
    public void Every_project_sits_in_the_solution_folder_of_its_directory_and_none_is_missing_or_extra()
    {
        var text = File.ReadAllText(Path.Combine(ContractDocument.RepoRoot, "NanoBanana.Contract.sln")).Replace("\r\n", "\n", StringComparison.Ordinal);
        var entries = ProjectLine().Matches(text).Select(m => (Type: m.Groups["type"].Value, Name: m.Groups["name"].Value,
            Path: m.Groups["path"].Value.Replace('\\', '/'), Guid: m.Groups["guid"].Value.ToUpperInvariant())).ToList();
        var folders = entries.Where(e => e.Type.Equals(SolutionFolderType, StringComparison.OrdinalIgnoreCase)).ToDictionary(e => e.Guid, e => e.Name);
        var projects = entries.Where(e => !e.Type.Equals(SolutionFolderType, StringComparison.OrdinalIgnoreCase)).ToList();
        var nestingSection = text[text.IndexOf("GlobalSection(NestedProjects)", StringComparison.Ordinal)..];
        nestingSection = nestingSection[..nestingSection.IndexOf("EndGlobalSection", StringComparison.Ordinal)];
        var parents = NestingLine().Matches(nestingSection).ToDictionary(m => m.Groups["child"].Value.ToUpperInvariant(), m => m.Groups["parent"].Value.ToUpperInvariant());

        foreach (var project in projects)
        {
            var directory = project.Path.Split('/')[0];
            Assert.True(parents.TryGetValue(project.Guid, out var parent) && folders.TryGetValue(parent, out var folder) && folder == directory,
                $"{project.Path} is not in the solution folder '{directory}'");
        }

        Assert.Equal(["bench", "samples", "src", "tests"], folders.Values.Order(StringComparer.Ordinal));
        var onDisk = new[] { "src", "tests", "bench", "samples" }
            .SelectMany(d => Directory.EnumerateFiles(Path.Combine(ContractDocument.RepoRoot, d), "*.csproj", SearchOption.AllDirectories))
            .Select(p => Path.GetRelativePath(ContractDocument.RepoRoot, p).Replace('\\', '/'))
            .Where(p => !p.Contains("/bin/", StringComparison.Ordinal) && !p.Contains("/obj/", StringComparison.Ordinal))
            .Order(StringComparer.Ordinal);
        Assert.Equal(onDisk, projects.Select(p => p.Path).Order(StringComparer.Ordinal));
        Assert.DoesNotContain(projects, p => p.Path.StartsWith("build/", StringComparison.Ordinal));
    }
}

using System.Reflection;
using PublicApiGenerator;

namespace NanoBanana.PublicApi.Tests;

/// <summary>
/// The checked-in public API listing of one assembly (api/&lt;Assembly&gt;.txt) and how a fresh
/// listing is compared with it, written beside it, or accepted.
/// </summary>
internal sealed class ApiBaseline
{
    /// <summary>Set to 1 (<c>make api-baseline</c>) to overwrite the baselines with the current API.</summary>
    public const string UpdateVariable = "UPDATE_API_BASELINE";

    private static readonly ApiGeneratorOptions Options = new()
    {
        // Assembly attributes (InternalsVisibleTo, build metadata) are not API a user calls.
        IncludeAssemblyAttributes = false,
        // NSwag stamps its version on every generated type; a toolchain bump is not an API change.
        ExcludeAttributes = ["System.CodeDom.Compiler.GeneratedCodeAttribute"],
        // Every public type of our assemblies is our API, including the entry points that live in Microsoft.*
        // namespaces by convention (AddNanoBananaClient in Microsoft.Extensions.DependencyInjection,
        // MapNanoBananaCallback in Microsoft.AspNetCore.Builder); by default the generator leaves those out.
        DenyNamespacePrefixes = [],
    };

    private ApiBaseline(string assemblyName, string directory)
    {
        AssemblyName = assemblyName;
        BaselinePath = Path.Combine(directory, assemblyName + ".txt");
        ReceivedPath = Path.Combine(directory, assemblyName + ".received.txt");
    }

    public string AssemblyName { get; }

    public string BaselinePath { get; }

    public string ReceivedPath { get; }

    public static string RepoRoot { get; } = typeof(ApiBaseline).Assembly
        .GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "RepoRoot").Value!;

    /// <summary>The assemblies listed in the test project (one PublicApiAssembly item each).</summary>
    public static IReadOnlyList<string> ListedAssemblies { get; } = typeof(ApiBaseline).Assembly
        .GetCustomAttributes<AssemblyMetadataAttribute>().Where(a => a.Key == "PublicApiAssembly")
        .Select(a => a.Value!).Order(StringComparer.Ordinal).ToArray();

    public static ApiBaseline For(string assemblyName) => new(assemblyName, Path.Combine(RepoRoot, "api"));

    public static bool UpdateRequested => Environment.GetEnvironmentVariable(UpdateVariable) == "1";

    public static string Generate(Assembly assembly) => Normalize(assembly.GeneratePublicApi(Options));

    public string? ReadBaseline() => File.Exists(BaselinePath) ? Normalize(File.ReadAllText(BaselinePath)) : null;

    /// <summary>Overwrites the baseline with <paramref name="actual"/> and removes a stale received file.</summary>
    public void Accept(string actual)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(BaselinePath)!);
        File.WriteAllText(BaselinePath, actual);
        File.Delete(ReceivedPath);
    }

    public void WriteReceived(string actual) => File.WriteAllText(ReceivedPath, actual);

    public void DeleteReceived() => File.Delete(ReceivedPath);

    /// <summary>The failure message: what changed, where the actual listing is, and how to accept it.</summary>
    public string DescribeMismatch(string? baseline, string actual)
    {
        var relativeBaseline = Path.GetRelativePath(RepoRoot, BaselinePath);
        var relativeReceived = Path.GetRelativePath(RepoRoot, ReceivedPath);
        var head = baseline is null
            ? $"{AssemblyName} has no public API baseline ({relativeBaseline})."
            : $"The public API of {AssemblyName} differs from {relativeBaseline}:\n{LineDiff(baseline, actual)}";
        return head + "\n" +
            $"The actual API is in {relativeReceived} (compare: diff {relativeBaseline} {relativeReceived}).\n" +
            "If the change is intended, accept it with `make api-baseline`, review `git diff api/` and commit it " +
            "(a removed or changed member breaks users: see docs/regenerating.md).";
    }

    // The lines only the baseline has (-) and only the actual listing has (+), in order; enough to see
    // what moved without a diff library.
    private static string LineDiff(string baseline, string actual)
    {
        var expected = baseline.Split('\n');
        var received = actual.Split('\n');
        var removed = Subtract(expected, received).Select(l => "  - " + l);
        var added = Subtract(received, expected).Select(l => "  + " + l);
        var lines = removed.Concat(added).ToList();
        const int Shown = 40;
        return string.Join('\n', lines.Take(Shown)) + (lines.Count > Shown ? $"\n  ... {lines.Count - Shown} more" : "");
    }

    private static IEnumerable<string> Subtract(IEnumerable<string> from, IEnumerable<string> other)
    {
        var remaining = other.GroupBy(l => l).ToDictionary(g => g.Key, g => g.Count());
        foreach (var line in from)
        {
            if (remaining.TryGetValue(line, out var count) && count > 0)
            {
                remaining[line] = count - 1;
            }
            else
            {
                yield return line;
            }
        }
    }

    private static string Normalize(string text) => text.ReplaceLineEndings("\n").TrimEnd('\n') + "\n";
}

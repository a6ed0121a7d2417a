using System.Text;
using System.Text.RegularExpressions;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace NanoBanana.PublicApi.Tests;

/// <summary>
/// Every <c>```csharp</c> block of the packages' READMEs (NanoBanana.Client, NanoBanana.Kiota) and of the root README
/// compiles, all of them in one compilation that references both packages (and NanoBanana.AspNetCore), as a user's
/// project referencing both would. Each README's snippets import that README's namespaces (<see cref="Readmes"/>,
/// written at the top of each README) and the other package's root namespace; a snippet with <c>using</c> lines of
/// its own gets those instead. A snippet that stops compiling, or a type name that both packages' imported namespaces
/// declare (CS0104), fails here.
/// </summary>
public sealed partial class ReadmeSnippetTests
{
    /// <summary>What a web project's implicit usings bring (Microsoft.NET.Sdk.Web), for every snippet.</summary>
    private static readonly string[] HostUsings =
    [
        "System", "System.Collections.Generic", "System.IO", "System.Linq", "System.Net.Http", "System.Threading",
        "System.Threading.Tasks", "Microsoft.AspNetCore.Builder", "Microsoft.AspNetCore.Hosting", "Microsoft.AspNetCore.Http",
        "Microsoft.AspNetCore.Routing", "Microsoft.Extensions.Configuration", "Microsoft.Extensions.DependencyInjection",
        "Microsoft.Extensions.Hosting", "Microsoft.Extensions.Logging",
    ];

    /// <summary>
    /// Each README, the namespaces its snippets use, and the variables they take as given (parameters of the method the
    /// statements are compiled in; a snippet that declares one itself does not get it).
    /// </summary>
    private static readonly Dictionary<string, (string[] Usings, string Given)> Readmes = new()
    {
        ["README.md"] = (["NanoBanana.Client", "NanoBanana.Kiota"],
            "WebApplicationBuilder builder, INanoBananaClient client, string prompt"),
        ["src/NanoBanana.Client/README.md"] = (["NanoBanana.Client", "NanoBanana.Kiota"],
            "WebApplicationBuilder builder, INanoBananaClient client, string prompt"),
        ["src/NanoBanana.Kiota/README.md"] = (["NanoBanana.Kiota", "NanoBanana.Kiota.Models"],
            "WebApplicationBuilder builder, NanoBananaKiotaClient client, string taskId"),
    };

    /// <summary>Names the root README's callback example calls into (the reader's own code).</summary>
    private const string ReaderCode = """
        namespace ReadmeSnippets
        {
            public static class MyOrders
            {
                public static System.Threading.Tasks.Task CompleteAsync(NanoBanana.Client.GenerationTask task, System.Threading.CancellationToken cancellationToken) =>
                    System.Threading.Tasks.Task.CompletedTask;
            }
        }
        """;

    [Fact]
    public void Every_README_snippet_compiles_in_one_project_that_references_both_packages()
    {
        var trees = new List<SyntaxTree> { CSharpSyntaxTree.ParseText(ReaderCode, Parse, "ReaderCode.cs") };
        var count = 0;
        foreach (var (readme, (usings, given)) in Readmes)
        {
            var snippets = SnippetsOf(readme);
            Assert.True(snippets.Count > 0, $"{readme} has no ```csharp block");
            foreach (var (line, code) in snippets)
            {
                trees.Add(CSharpSyntaxTree.ParseText(Wrap(readme, line, code, usings, given), Parse, $"{readme}:{line}.cs"));
                count++;
            }
        }

        var errors = Compile(trees);

        Assert.True(errors.Count == 0, $"{errors.Count} error(s) in the README snippets ({count} compiled):\n" + string.Join("\n", errors));
    }

    [Fact]
    public void The_check_sees_a_type_name_two_imported_namespaces_declare()
    {
        // The contract's models are in both packages, in distinct namespaces: a file importing both model namespaces
        // without an alias is ambiguous, and this check must say so (CS0104).
        var code = Wrap("clash", 1, "AspectRatio ratio = default;\n_ = ratio;", ["NanoBanana.Client", "NanoBanana.Kiota.Models"], "");

        var errors = Compile([CSharpSyntaxTree.ParseText(code, Parse, "clash.cs")]);

        Assert.Contains(errors, e => e.Contains("CS0104", StringComparison.Ordinal) && e.Contains("AspectRatio", StringComparison.Ordinal));
    }

    private static readonly CSharpParseOptions Parse = new(LanguageVersion.Latest);

    /// <summary>The <c>```csharp</c> blocks of a README, each with the line its code starts on.</summary>
    private static List<(int Line, string Code)> SnippetsOf(string readme)
    {
        var lines = File.ReadAllLines(Path.Combine(ApiBaseline.RepoRoot, readme));
        var snippets = new List<(int, string)>();
        for (var i = 0; i < lines.Length; i++)
        {
            if (lines[i].Trim() != "```csharp") continue;
            var start = i + 1;
            var end = start;
            while (end < lines.Length && lines[end].Trim() != "```") end++;
            snippets.Add((start + 1, string.Join("\n", lines[start..end])));
            i = end;
        }
        return snippets;
    }

    /// <summary>
    /// One compilation unit per snippet, in a namespace of its own: its usings, its statements as the body of an async
    /// method taking the README's given variables, its type declarations beside it. <c>#line</c> maps errors back to
    /// the README.
    /// </summary>
    private static string Wrap(string readme, int line, string code, string[] readmeUsings, string given)
    {
        var root = CSharpSyntaxTree.ParseText(code, Parse).GetCompilationUnitRoot();
        var ownUsings = root.Usings.Select(u => u.ToString()).ToList();
        var declared = root.DescendantNodes().OfType<VariableDeclaratorSyntax>().Select(v => v.Identifier.Text).ToHashSet();
        var parameters = string.Join(", ", given.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Where(p => !declared.Contains(p.Split(' ')[^1])));

        var text = new StringBuilder();
        foreach (var u in HostUsings) text.Append("using ").Append(u).Append(";\n");
        if (ownUsings.Count > 0) foreach (var u in ownUsings) text.Append(u).Append('\n');
        else foreach (var u in readmeUsings) text.Append("using ").Append(u).Append(";\n");
        text.Append("namespace ReadmeSnippets.S").Append(IdOf(readme)).Append('_').Append(line).Append("\n{\n");
        text.Append("public static class Snippet\n{\n#pragma warning disable CS1998\npublic static async Task RunAsync(").Append(parameters).Append(")\n{\n");
        foreach (var statement in root.Members.OfType<GlobalStatementSyntax>())
        {
            text.Append("#line ").Append(line + statement.GetLocation().GetLineSpan().StartLinePosition.Line).Append(" \"").Append(readme).Append("\"\n");
            text.Append(statement.ToString()).Append('\n');
        }
        text.Append("#line default\n}\n}\n");
        foreach (var member in root.Members.Where(m => m is not GlobalStatementSyntax))
        {
            text.Append("#line ").Append(line + member.GetLocation().GetLineSpan().StartLinePosition.Line).Append(" \"").Append(readme).Append("\"\n");
            text.Append(member.ToString()).Append('\n');
        }
        text.Append("#line default\n}\n");
        return text.ToString();
    }

    private static string IdOf(string readme) => NonIdentifier().Replace(readme, "_");

    /// <summary>Compiles against every assembly this test runs with (the packages, ASP.NET Core, the BCL); the errors.</summary>
    private static List<string> Compile(IEnumerable<SyntaxTree> trees)
    {
        var references = ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!).Split(Path.PathSeparator)
            .Where(p => p.EndsWith(".dll", StringComparison.OrdinalIgnoreCase))
            .Select(p => MetadataReference.CreateFromFile(p));
        var compilation = CSharpCompilation.Create("ReadmeSnippets", trees, references,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable));
        return [.. compilation.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error).Select(d => d.ToString())];
    }

    [GeneratedRegex("[^A-Za-z0-9]")]
    private static partial Regex NonIdentifier();
}

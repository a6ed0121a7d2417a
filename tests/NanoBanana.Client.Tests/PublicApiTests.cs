using System.Reflection;
using NanoBanana.Client;
using PublicApiGenerator;

namespace NanoBanana.Client.Tests;

/// <summary>
/// The package's public API is checked in (api/NanoBanana.Client.cs): a change to it shows in review. When the
/// change is intended, copy the written <c>.received.cs</c> file over the listing.
/// </summary>
public sealed class PublicApiTests
{
    private static readonly string RepoRoot = typeof(PublicApiTests).Assembly
        .GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "RepoRoot").Value!;

    [Fact]
    public void The_public_api_is_the_checked_in_listing()
    {
        var actual = typeof(NanoBananaClient).Assembly.GeneratePublicApi(new ApiGeneratorOptions { IncludeAssemblyAttributes = false })
            .ReplaceLineEndings("\n");
        var path = Path.Combine(RepoRoot, "api", "NanoBanana.Client.cs");
        var expected = File.Exists(path) ? File.ReadAllText(path).ReplaceLineEndings("\n") : "";

        if (expected != actual)
        {
            File.WriteAllText(Path.ChangeExtension(path, ".received.cs"), actual);
        }

        Assert.True(expected == actual, $"The public API differs from {path}; see {Path.ChangeExtension(path, ".received.cs")}.");
    }
}

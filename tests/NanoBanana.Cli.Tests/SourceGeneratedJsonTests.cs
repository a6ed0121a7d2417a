using System.Text.Json;

namespace NanoBanana.Cli.Tests;

/// <summary>
/// The CLI's tests run with System.Text.Json's reflection off (tests/Directory.Build.props), as a Native AOT app has:
/// every <c>--json</c> test here fails if the CLI's output falls back to reflection.
/// </summary>
public sealed class SourceGeneratedJsonTests
{
    private sealed record NotInAnyContext(string Name);

    [Fact]
    public void Reflection_based_serialization_is_off_in_the_test_run()
    {
        Assert.False(JsonSerializer.IsReflectionEnabledByDefault);
        var thrown = Assert.Throws<InvalidOperationException>(() => JsonSerializer.Serialize(new NotInAnyContext("x")));
        Assert.Contains("Reflection-based serialization has been disabled", thrown.Message, StringComparison.Ordinal);
    }
}

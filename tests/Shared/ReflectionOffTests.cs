using System.Text.Json;

namespace NanoBanana.Tests;

/// <summary>
/// Compiled into every test project (tests/Directory.Build.props): the run has System.Text.Json's reflection off, as a
/// Native AOT app has, so any (de)serialization that is not source-generated throws in the tests instead of passing.
/// </summary>
public sealed class ReflectionOffTests
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

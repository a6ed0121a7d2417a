using System.Text.Json;

namespace NanoBanana.Client.Tests;

/// <summary>
/// The test run has System.Text.Json's reflection off (tests/Directory.Build.props), as a Native AOT app has: any
/// (de)serialization in the libraries that is not source-generated throws in these tests instead of passing.
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

    [Fact]
    public void Every_body_type_of_the_transport_has_source_generated_metadata()
    {
        // The context is generated with the transport (openapi/templates/Client.Class.liquid): every operation's body and
        // response types are in it, and the transport's options resolve nothing else.
        foreach (var type in new[] { typeof(GenerationRequest), typeof(GenerationTask), typeof(CreditsBalance), typeof(CreateTaskResponse), typeof(ErrorResponse) })
        {
            Assert.NotNull(NanoBananaTransportJsonContext.Default.GetTypeInfo(type));
            Assert.NotNull(NanoBananaTransport.SerializerOptions.GetTypeInfo(type));
        }

        Assert.Null(NanoBananaTransportJsonContext.Default.GetTypeInfo(typeof(NotInAnyContext)));
    }
}

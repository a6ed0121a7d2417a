using NanoBanana.Client.Wire;

namespace NanoBanana.Client.Tests;

/// <summary>
/// The transport's source-generated context is complete (the test run has reflection off: tests/Shared/ReflectionOffTests.cs).
/// </summary>
public sealed class SourceGeneratedJsonTests
{
    private sealed record NotInAnyContext(string Name);

    [Fact]
    public void Every_body_type_of_the_transport_has_source_generated_metadata()
    {
        // The context is generated with the transport (openapi/templates/Client.Class.liquid): every operation's body and
        // response types are in it, and the transport's options resolve nothing else.
        foreach (var type in new[] { typeof(Wire.GenerationRequest), typeof(Wire.GenerationTask), typeof(Wire.CreditsBalance), typeof(CreateTaskResponse), typeof(ErrorResponse) })
        {
            Assert.NotNull(NanoBananaTransportJsonContext.Default.GetTypeInfo(type));
            Assert.NotNull(NanoBananaTransport.SerializerOptions.GetTypeInfo(type));
        }

        Assert.Null(NanoBananaTransportJsonContext.Default.GetTypeInfo(typeof(NotInAnyContext)));
    }
}

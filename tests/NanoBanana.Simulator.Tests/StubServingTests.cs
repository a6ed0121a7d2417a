using System.Text;
using NanoBanana.Testing;
using WireMock.Server;

namespace NanoBanana.Simulator.Tests;

/// <summary>A catalogue stub with a body matcher answers only the requests it names.</summary>
public class StubServingTests
{
    [Fact]
    public async Task A_stub_with_a_body_matcher_answers_only_matching_creates()
    {
        using var server = WireMockServer.Start();
        server.Serve(ApiStubs.ModelNotFoundFor("nano-banana-pro"));
        using var http = new HttpClient { BaseAddress = new Uri(server.Url!) };

        using var matching = await http.PostAsync("v1/images/generations", new StringContent("""{"model":"nano-banana-pro","input":{"prompt":"x"}}""", Encoding.UTF8, "application/json"));
        using var other = await http.PostAsync("v1/images/generations", new StringContent("""{"model":"nano-banana-2-lite","input":{"prompt":"x"}}""", Encoding.UTF8, "application/json"));

        await matching.AssertErrorAsync(404, "model_not_found");
        Assert.DoesNotContain("model_not_found", await other.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }
}

using System.Reflection;
using NanoBanana.Client;
using NanoBanana.Testing;

namespace NanoBanana.Client.Tests;

/// <summary>A client from a key alone, a key rotated without DI, and the User-Agent every request carries.</summary>
public sealed class ClientConstructionTests : IDisposable
{
    private readonly ClientHarness _h = new();

    public void Dispose() => _h.Dispose();

    [Fact]
    public void A_client_needs_only_a_key()
    {
        using var client = new NanoBananaClient("sk-a-key-of-mine");

        Assert.Throws<ArgumentException>(() => new NanoBananaClient(""));
        Assert.Throws<ArgumentException>(() => new NanoBananaClient("sk with spaces"));
        Assert.Equal("***", client.Redactor.Redact("sk-a-key-of-mine"));
    }

    [Fact]
    public async Task A_rotated_key_is_sent_from_the_next_request_on_and_the_old_one_stays_redacted()
    {
        _h.Server.Serve(ApiStubs.Credits());
        await _h.Client.GetCreditsAsync();

        _h.Client.UpdateApiKey("sk-the-new-key-0987654321");
        await _h.Client.GetCreditsAsync();

        var sent = _h.Server.LogEntries.Select(e => e.RequestMessage.Headers!["Authorization"].Single()).ToList();
        Assert.Equal(["Bearer " + ClientHarness.ApiKey, "Bearer sk-the-new-key-0987654321"], sent);
        Assert.DoesNotContain(ClientHarness.ApiKey, _h.Client.Redactor.Redact("old " + ClientHarness.ApiKey), StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => _h.Client.UpdateApiKey(" "));
    }

    [Fact]
    public async Task Every_request_says_which_client_and_version_sent_it()
    {
        _h.Server.Serve(ApiStubs.Credits());
        await _h.Client.GetCreditsAsync();

        var version = typeof(NanoBananaClient).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()!.InformationalVersion.Split('+')[0];
        var agent = Assert.Single(_h.Server.LogEntries).RequestMessage.Headers!["User-Agent"];
        Assert.Equal("NanoBanana.Client/" + version, string.Join(" ", agent));
        Assert.Matches(@"^NanoBanana\.Client/\d+\.\d+\.\d+", string.Join(" ", agent));
    }
}

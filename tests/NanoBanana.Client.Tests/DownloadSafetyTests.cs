using System.Net;
using System.Text;
using NanoBanana.Testing;

namespace NanoBanana.Client.Tests;

/// <summary>
/// Downloads stay where they should: every redirect hop meets the output URL's rule, at most 5 redirects, no
/// link-local or metadata address (https included), private ranges only when allowed; the file is written through a
/// random temp name created exclusively, so a planted link is never followed; the saved extension follows the image
/// content type and anything else is an error; one download and one read have overall deadlines. Real sockets.
/// </summary>
public sealed class DownloadSafetyTests : IDisposable
{
    private readonly ClientHarness _h = new();
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "nb-dl-" + Guid.NewGuid().ToString("N"));

    public DownloadSafetyTests() => Directory.CreateDirectory(_folder);

    public void Dispose()
    {
        _h.Dispose();
        Directory.Delete(_folder, recursive: true);
    }

    /// <summary>Redirects /r/N to /r/N-1 (absolute, or to <paramref name="target"/> from /r/0), and serves <c>/img</c> as <paramref name="contentType"/>.</summary>
    private static HostileServer Redirecting(string? target = null, string contentType = "image/png") => new(async (request, connection) =>
    {
        if (request.Path.StartsWith("/r/", StringComparison.Ordinal))
        {
            var n = int.Parse(request.Path[3..], System.Globalization.CultureInfo.InvariantCulture);
            var location = n == 0 ? target ?? "/img" : $"/r/{n - 1}";
            await connection.WriteResponseAsync(302, [], "text/plain", [new("Location", location)]);
            return;
        }

        await connection.WriteResponseAsync(200, EchoingApi.Png, contentType);
    });

    [Fact]
    public async Task A_redirect_to_a_non_loopback_http_host_is_refused_and_nothing_is_saved()
    {
        await using var server = Redirecting(target: "http://example.com/img.png");
        var path = Path.Combine(_folder, "out.png");

        var error = await Assert.ThrowsAnyAsync<NanoBananaException>(() => _h.RunAsync(_h.Client.DownloadToFileAsync(new Uri(server.Url, "/r/0"), path)));

        Assert.Contains("redirect", error.Message, StringComparison.Ordinal);
        Assert.Contains("example.com", error.Message, StringComparison.Ordinal);
        Assert.False(error.IsTransient);
        Assert.Equal(1, server.RequestCount);
        Assert.Empty(Directory.GetFileSystemEntries(_folder));
    }

    [Theory]
    [InlineData("https://169.254.169.254/latest/meta-data/")]
    [InlineData("https://[fe80::1]/x.png")]
    [InlineData("https://metadata.google.internal/x.png")]
    [InlineData("https://10.1.2.3/x.png")]
    [InlineData("https://192.168.0.10/x.png")]
    public async Task A_redirect_to_a_link_local_metadata_or_private_address_is_refused_for_https_too(string target)
    {
        await using var server = Redirecting(target);

        var error = await Assert.ThrowsAnyAsync<NanoBananaException>(() => _h.RunAsync(_h.Client.DownloadAsync(new Uri(server.Url, "/r/0"), new MemoryStream())));

        Assert.Contains("refused", error.Message, StringComparison.Ordinal);
        Assert.Equal(1, server.RequestCount);
    }

    [Theory]
    [InlineData("https://169.254.169.254/latest/meta-data/")]
    [InlineData("https://10.1.2.3/x.png")]
    [InlineData("http://example.com/x.png")]
    public async Task Such_an_output_URL_is_refused_before_any_request(string url)
    {
        var error = await Assert.ThrowsAsync<ArgumentException>(() => _h.Client.DownloadAsync(new Uri(url), new MemoryStream()));

        Assert.Equal("outputUrl", error.ParamName);
    }

    [Fact]
    public void Private_ranges_are_allowed_only_by_the_option_and_link_local_never()
    {
        Assert.NotNull(OutputUrlRule.Check(new Uri("https://10.1.2.3/x.png"), allowPrivateNetworks: false));
        Assert.Null(OutputUrlRule.Check(new Uri("https://10.1.2.3/x.png"), allowPrivateNetworks: true));
        Assert.Null(OutputUrlRule.Check(new Uri("https://[fd12::1]/x.png"), allowPrivateNetworks: true));
        Assert.NotNull(OutputUrlRule.Check(new Uri("https://169.254.169.254/"), allowPrivateNetworks: true));
        Assert.NotNull(OutputUrlRule.Check(new Uri("https://[::ffff:169.254.169.254]/"), allowPrivateNetworks: true));
        Assert.NotNull(OutputUrlRule.Check(new Uri("https://[fd00:ec2::254]/"), allowPrivateNetworks: true));
        Assert.Null(OutputUrlRule.Check(new Uri("https://cdn.example.com/x.png"), allowPrivateNetworks: false));
        Assert.Null(OutputUrlRule.Check(new Uri("http://127.0.0.1:1234/x.png"), allowPrivateNetworks: false));
    }

    [Theory]
    [InlineData(5, true)]
    [InlineData(6, false)]
    public async Task At_most_5_redirects_are_followed(int redirects, bool succeeds)
    {
        await using var server = Redirecting();
        var download = _h.Client.DownloadAsync(new Uri(server.Url, $"/r/{redirects - 1}"), new MemoryStream());

        if (succeeds)
        {
            Assert.Equal(EchoingApi.Png.Length, await _h.RunAsync(download));
        }
        else
        {
            var error = await Assert.ThrowsAnyAsync<NanoBananaException>(() => _h.RunAsync(download));
            Assert.Contains("redirects", error.Message, StringComparison.Ordinal);
            Assert.Equal(6, server.RequestCount);
        }
    }

    [Fact]
    public async Task A_link_planted_at_the_temp_or_final_name_is_never_followed()
    {
        await using var server = Redirecting();
        var victim = Path.Combine(_folder, "victim.txt");
        await File.WriteAllTextAsync(victim, "precious");
        var path = Path.Combine(_folder, "out.png");
        File.CreateSymbolicLink(path + ".part", victim);
        File.CreateSymbolicLink(path, victim);

        var saved = await _h.RunAsync(_h.Client.DownloadToFileAsync(new Uri(server.Url, "/img"), path));

        Assert.Equal("precious", await File.ReadAllTextAsync(victim));
        Assert.Equal(path, saved.Path);
        Assert.Null(new FileInfo(path).LinkTarget);
        Assert.Equal(EchoingApi.Png, await File.ReadAllBytesAsync(path));
        // Only what was there before, and the image: no temp file left behind.
        Assert.Equal(new[] { "out.png", "out.png.part", "victim.txt" }, Directory.GetFileSystemEntries(_folder).Select(Path.GetFileName).Order());
    }

    [Fact]
    public async Task The_saved_extension_follows_the_image_content_type()
    {
        await using var server = Redirecting(contentType: "image/jpeg");

        var saved = await _h.RunAsync(_h.Client.DownloadToFileAsync(new Uri(server.Url, "/img"), Path.Combine(_folder, "out.png")));

        Assert.Equal(Path.Combine(_folder, "out.jpg"), saved.Path);
        Assert.Equal("image/jpeg", saved.ContentType);
        Assert.Equal(EchoingApi.Png.Length, saved.Length);
        Assert.Equal(new[] { "out.jpg" }, Directory.GetFileSystemEntries(_folder).Select(Path.GetFileName));
    }

    [Theory]
    [InlineData("text/html")]
    [InlineData("image/svg+xml")]
    [InlineData("application/octet-stream")]
    public async Task A_non_image_content_type_is_an_error_and_nothing_is_saved(string contentType)
    {
        await using var server = Redirecting(contentType: contentType);

        var error = await Assert.ThrowsAnyAsync<NanoBananaException>(() => _h.RunAsync(_h.Client.DownloadToFileAsync(new Uri(server.Url, "/img"), Path.Combine(_folder, "out.html"))));

        Assert.Contains("not an image", error.Message, StringComparison.Ordinal);
        Assert.False(error.IsTransient);
        Assert.Equal(1, server.RequestCount);
        Assert.Empty(Directory.GetFileSystemEntries(_folder));
    }

    [Fact]
    public async Task A_stalled_download_fails_at_the_download_deadline()
    {
        using var h = new ClientHarness(o => { o.DownloadTimeout = TimeSpan.FromMinutes(2); o.DownloadDeadline = TimeSpan.FromMinutes(3); }, requestsHang: true);
        await using var server = new HostileServer(async (_, connection) =>
        {
            await connection.WriteHeadAsync(200, [new("Content-Type", "image/png"), new("Content-Length", "1000")]);
            await connection.WaitForClientToLeaveAsync();
        });

        var error = await Assert.ThrowsAsync<NanoBananaNetworkException>(() => h.RunAsync(h.Client.DownloadAsync(new Uri(server.Url, "/img"), new MemoryStream()), step: TimeSpan.FromSeconds(10)));

        Assert.True(error.IsTimeout);
        Assert.Contains("DownloadDeadline", error.Message, StringComparison.Ordinal);
        Assert.InRange(h.Elapsed, TimeSpan.FromMinutes(3), TimeSpan.FromMinutes(3.5));
        Assert.InRange(server.RequestCount, 1, 2);
    }

    [Fact]
    public async Task A_read_that_keeps_failing_ends_at_the_read_deadline()
    {
        using var h = new ClientHarness(o => { o.Retry.MaxRetries = 20; o.Retry.MaxDelay = TimeSpan.FromSeconds(5); o.ReadDeadline = TimeSpan.FromSeconds(30); });
        h.Server.Serve(ApiStubs.Error("getTask", "internal_error"));

        var error = await Assert.ThrowsAnyAsync<NanoBananaException>(() => h.RunAsync(h.Client.GetTaskAsync(ApiStubs.TaskId)));

        Assert.Contains("ReadDeadline", error.Message, StringComparison.Ordinal);
        Assert.InRange(h.Elapsed, TimeSpan.FromSeconds(25), TimeSpan.FromSeconds(36));
        Assert.InRange(h.Received("/v1/tasks/" + ApiStubs.TaskId), 3, 15);
    }
}

using NanoBanana.Client;
using NanoBanana.Testing;

namespace NanoBanana.Client.Tests;

/// <summary>Requests that break the contract fail before anything is sent, naming the field and the limit.</summary>
public sealed class ValidationTests : IDisposable
{
    private readonly ClientHarness _h = new();

    public void Dispose() => _h.Dispose();

    public static TheoryData<string, string, string> Invalid() => new()
    {
        { "empty prompt", "input.prompt", "present and not blank" },
        { "blank prompt", "input.prompt", "present and not blank" },
        { "long prompt", "input.prompt", "20000 characters" },
        { "11 images", "input.image_urls", "at most 10 items" },
        { "relative image", "input.image_urls[0]", "absolute http or https" },
        { "ftp image", "input.image_urls[1]", "absolute http or https" },
        { "empty ratio", "input.aspect_ratio", "not an empty value" },
        { "empty model", "model", "not an empty value" },
        { "http callback", "callback_url", "absolute https URL (http only on a loopback host)" },
        { "http callback on a loopback-looking name", "callback_url", "absolute https" },
        { "relative callback", "callback_url", "absolute https" },
        { "no input", "input", "present" },
    };

    [Theory]
    [MemberData(nameof(Invalid))]
    public async Task An_invalid_request_fails_fast_naming_field_and_limit_and_sends_nothing(string name, string field, string limit)
    {
        _h.Server.Serve(ApiStubs.Created());
        var request = Build(name);

        var ex = await Assert.ThrowsAsync<GenerationRequestValidationException>(() => _h.Client.StartGenerationAsync(request));
        var ex2 = await Assert.ThrowsAsync<GenerationRequestValidationException>(() => _h.Client.GenerateAsync(request));
        var ex3 = Assert.Throws<GenerationRequestValidationException>(() => request.Validate());

        Assert.Equal(field, ex.Field);
        Assert.Contains(limit, ex.Limit, StringComparison.Ordinal);
        Assert.Contains(field, ex.Message, StringComparison.Ordinal);
        Assert.Equal(ex.Field, ex2.Field);
        Assert.Equal(ex.Message, ex3.Message);
        Assert.Empty(_h.Server.LogEntries);
    }

    [Fact]
    public async Task A_value_the_contract_may_gain_is_sent_as_it_is_and_only_the_pre_flight_reports_it()
    {
        _h.Server.Serve(ApiStubs.Created());
        var request = Requests.Valid();
        request.Input.AspectRatio = new AspectRatio("2:1");
        request.Input.Resolution = new ImageResolution("2K");

        var unknown = Assert.Throws<GenerationRequestValidationException>(() => request.Validate());
        await _h.Client.StartGenerationAsync(request);

        Assert.Equal("input.aspect_ratio", unknown.Field);
        Assert.Contains("this client version knows (1:1, 1:4", unknown.Limit, StringComparison.Ordinal);
        Assert.Contains("'2:1'", unknown.Message, StringComparison.Ordinal);
        var sent = Assert.Single(_h.Server.LogEntries).RequestMessage.Body!;
        Assert.Contains("\"aspect_ratio\":\"2:1\"", sent, StringComparison.Ordinal);
        Assert.Contains("\"resolution\":\"2K\"", sent, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("model", "nano-banana-3")]
    [InlineData("input.resolution", "4K")]
    public void The_pre_flight_names_an_unknown_value(string field, string value)
    {
        var request = Requests.Valid();
        if (field == "model") request.Model = new ImageModel(value);
        else request.Input.Resolution = new ImageResolution(value);

        var unknown = Assert.Throws<GenerationRequestValidationException>(() => request.Validate());

        Assert.Equal(field, unknown.Field);
        Assert.Contains($"'{value}'", unknown.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Limits_are_inclusive()
    {
        _h.Server.Serve(ApiStubs.Created());
        var request = Requests.Valid(new string('a', 20000));
        request.Input.ImageUrls = Enumerable.Range(0, 10).Select(i => new Uri($"https://example.com/{i}.png")).ToList();
        request.Input.Resolution = ImageResolution.OneK;
        request.CallbackUrl = new Uri("https://example.com/hook");

        request.Validate();
        await _h.Client.StartGenerationAsync(request);

        Assert.Single(_h.Server.LogEntries);
    }

    [Theory]
    [InlineData("http://127.0.0.1:5000/hooks/nano")]
    [InlineData("http://localhost/hooks/nano")]
    [InlineData("http://[::1]:8080/hooks/nano")]
    public async Task An_http_callback_url_on_a_loopback_host_is_sent(string callback)
    {
        _h.Server.Serve(ApiStubs.Created());
        var request = Requests.Valid();
        request.CallbackUrl = new Uri(callback);

        await _h.Client.StartGenerationAsync(request);

        var sent = Assert.Single(_h.Server.LogEntries);
        Assert.Contains($"\"callback_url\":\"{new Uri(callback).AbsoluteUri}\"", sent.RequestMessage.Body, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("")]
    [InlineData("../credits")]
    [InlineData("abc/def")]
    [InlineData("a b")]
    public async Task An_invalid_task_id_fails_fast_and_sends_nothing(string taskId)
    {
        await Assert.ThrowsAsync<ArgumentException>(() => _h.Client.GetTaskAsync(taskId));
        await Assert.ThrowsAsync<ArgumentException>(() => _h.Client.ResumeGeneration(taskId).WaitForCompletionAsync());
        Assert.Empty(_h.Server.LogEntries);
    }

    private static GenerationRequest Build(string name)
    {
        var r = Requests.Valid();
        switch (name)
        {
            case "empty prompt": r.Input.Prompt = ""; break;
            case "blank prompt": r.Input.Prompt = "   "; break;
            case "long prompt": r.Input.Prompt = new string('a', 20001); break;
            case "11 images": r.Input.ImageUrls = Enumerable.Range(0, 11).Select(i => new Uri($"https://example.com/{i}.png")).ToList(); break;
            case "relative image": r.Input.ImageUrls = [new Uri("/a.png", UriKind.Relative)]; break;
            case "ftp image": r.Input.ImageUrls = [new Uri("https://example.com/a.png"), new Uri("ftp://example.com/b.png")]; break;
            case "empty ratio": r.Input.AspectRatio = default(AspectRatio); break;
            case "empty model": r.Model = default; break;
            case "http callback": r.CallbackUrl = new Uri("http://example.com/hook"); break;
            case "http callback on a loopback-looking name": r.CallbackUrl = new Uri("http://127.0.0.1.example.com/hook"); break;
            case "relative callback": r.CallbackUrl = new Uri("/hook", UriKind.Relative); break;
            case "no input": r.Input = null!; break;
        }

        return r;
    }
}

using NanoBanana.Client;
using NanoBanana.Testing;

namespace NanoBanana.Client.Tests;

public sealed class CallbackTests : IDisposable
{
    private readonly ClientHarness _h = new();

    public void Dispose() => _h.Dispose();

    [Fact]
    public void A_completed_callback_parses()
    {
        var task = TaskCallback.Parse(ApiStubs.CompletedTask().ToJsonString());

        Assert.Equal(ApiStubs.TaskId, task.Id);
        Assert.Equal(GenerationTaskStatus.Completed, task.Status);
        Assert.Single(task.Output!.Urls);
    }

    [Fact]
    public async Task A_callback_parses_from_a_stream()
    {
        using var body = new MemoryStream(System.Text.Encoding.UTF8.GetBytes(ApiStubs.Failed().Body!));
        var task = await TaskCallback.ParseAsync(body);
        Assert.Equal(GenerationTaskStatus.Failed, task.Status);
    }

    [Theory]
    [InlineData("", "empty")]
    [InlineData("not json", "not JSON")]
    [InlineData("[1,2]", "not the task object")]
    [InlineData("{}", "task id")]
    [InlineData("{\"id\":\"\",\"status\":\"completed\"}", "task id")]
    [InlineData("{\"id\":\"abc\"}", "status")]
    [InlineData("{\"id\":\"abc\",\"status\":7}", "status")]
    [InlineData("{\"id\":\"abc\",\"status\":\"\"}", "status")]
    [InlineData("{\"id\":\"../x\",\"status\":\"completed\"}", "task id")]
    public void A_malformed_callback_is_rejected_with_a_clear_error(string body, string says)
    {
        var ex = Assert.Throws<NanoBananaCallbackException>(() => TaskCallback.Parse(body));
        Assert.Contains(says, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Confirming_a_forged_callback_returns_what_the_API_says()
    {
        // The callback claims completion with an attacker's URL; the API says the task is still processing.
        var forged = TaskCallback.Parse(ApiStubs.CompletedTask(outputUrl: "https://evil.example/x.jpg").ToJsonString());
        _h.Server.Serve(ApiStubs.Processing());

        var confirmed = await _h.Client.ConfirmCallbackAsync(forged);

        Assert.Equal(GenerationTaskStatus.Processing, confirmed.Status);
        Assert.Null(confirmed.Output);
        Assert.Equal(1, _h.Received("/v1/tasks/" + ApiStubs.TaskId));
    }
}

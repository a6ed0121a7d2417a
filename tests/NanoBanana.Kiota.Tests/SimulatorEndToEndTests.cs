using Microsoft.Extensions.Time.Testing;
using NanoBanana.Kiota.Models;
using NanoBanana.Simulator;

namespace NanoBanana.Kiota.Tests;

/// <summary>The Kiota client, built by its factory, against the simulator over loopback http with the simulator key.</summary>
public sealed class SimulatorEndToEndTests : IAsyncDisposable
{
    private readonly FakeTimeProvider _clock = new();
    private readonly NanoBananaSimulator _simulator;
    private readonly HttpClient _http = new();
    private readonly NanoBananaKiotaClient _client;

    public SimulatorEndToEndTests()
    {
        _simulator = NanoBananaSimulator.Start(new SimulatorOptions { TimeProvider = _clock, TaskDuration = TimeSpan.FromSeconds(6) });
        _client = NanoBananaKiotaClientFactory.Create(new NanoBananaKiotaOptions { ApiKey = NanoBananaSimulator.ApiKey, BaseUrl = _simulator.Url }, _http);
    }

    public async ValueTask DisposeAsync()
    {
        _http.Dispose();
        await _simulator.DisposeAsync();
    }

    private Task<CreateTaskResponse?> CreateAsync(string prompt) => _client.V1.Images.Generations.PostAsync(new GenerationRequest
    {
        Model = ImageModel.NanoBanana2Lite,
        Input = new GenerationInput { Prompt = prompt, AspectRatio = AspectRatio.Landscape16x9 },
    });

    [Fact]
    public async Task Create_then_poll_reads_the_task_to_completed_with_its_output()
    {
        var created = await CreateAsync("a ripe banana on a wooden desk");
        var taskId = created!.Data!.TaskId!;
        Assert.Equal(200, created.Code);

        var pending = await _client.V1.Tasks[taskId].GetAsync();
        Assert.NotEqual(GenerationTaskStatus.Completed, pending!.Status);

        _clock.Advance(TimeSpan.FromSeconds(6));
        var done = await _client.V1.Tasks[taskId].GetAsync();

        Assert.Equal(GenerationTaskStatus.Completed, done!.Status);
        Assert.Equal(taskId, done.Id);
        var url = Assert.Single(done.Output!.Urls!);
        Assert.StartsWith(_simulator.FilesUrl.ToString(), url, StringComparison.Ordinal);
        var create = _simulator.Requests.First(r => r.Method == "POST");
        Assert.Equal("Bearer " + NanoBananaSimulator.ApiKey, create.Authorization);
    }

    [Fact]
    public async Task A_failing_task_polls_to_failed_with_its_error()
    {
        var created = await CreateAsync("a banana [fail]");
        _clock.Advance(TimeSpan.FromSeconds(6));

        var failed = await _client.V1.Tasks[created!.Data!.TaskId!].GetAsync();

        Assert.Equal(GenerationTaskStatus.Failed, failed!.Status);
        Assert.False(string.IsNullOrEmpty(failed.Error!.Code));
        Assert.Null(failed.Output);
    }

    [Fact]
    public async Task Credits_read_with_every_field_kept()
    {
        var before = _simulator.Credits;
        await CreateAsync("a banana");

        var credits = await _client.V1.Credits.GetAsync();

        Assert.NotEmpty(credits!.AdditionalData);
        Assert.Contains(credits.AdditionalData.Values, v => Convert.ToInt64(v, System.Globalization.CultureInfo.InvariantCulture) == before - NanoBananaSimulator.CreditsPerImage);
    }

    [Fact]
    public async Task An_unknown_task_is_404_task_not_found_in_the_documented_envelope()
    {
        var error = await Assert.ThrowsAsync<ErrorResponse>(() => _client.V1.Tasks["no-such-task"].GetAsync());

        Assert.Equal(404, error.ResponseStatusCode);
        Assert.Equal("task_not_found", error.Error!.Code);
        Assert.Equal("invalid_request_error", error.Error.Type);
        Assert.False(string.IsNullOrEmpty(error.Error.Message));
        Assert.Equal(error.Error.Message, error.Message); // the exception's message is the documented one
    }

    [Fact]
    public async Task An_empty_prompt_is_400_invalid_request_and_no_task_is_created()
    {
        var error = await Assert.ThrowsAsync<ErrorResponse>(() => CreateAsync(""));

        Assert.Equal(400, error.ResponseStatusCode);
        Assert.Equal("invalid_request", error.Error!.Code);
        Assert.Equal("invalid_request_error", error.Error.Type);
        Assert.Equal(0, _simulator.TasksCreated);
    }

    [Fact]
    public async Task A_wrong_key_is_401_and_the_key_is_in_no_exception_text()
    {
        const string wrongKey = "wrong-key-0123456789"; // keys start with sk-: the simulator answers 401
        var client = NanoBananaKiotaClientFactory.Create(new NanoBananaKiotaOptions { ApiKey = wrongKey, BaseUrl = _simulator.Url }, _http);

        var error = await Assert.ThrowsAsync<ErrorResponse>(() => client.V1.Credits.GetAsync());

        Assert.Equal(401, error.ResponseStatusCode);
        Assert.Equal("invalid_api_key", error.Error!.Code);
        Assert.DoesNotContain(wrongKey, error.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain(wrongKey, error.Message, StringComparison.Ordinal);
    }
}

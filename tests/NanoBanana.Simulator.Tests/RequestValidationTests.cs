namespace NanoBanana.Simulator.Tests;

/// <summary>Creates are checked against the contract's GenerationRequest; each error names the field.</summary>
public class RequestValidationTests
{
    [Theory]
    [InlineData("""{"input":{"prompt":"x"}}""", "'model' is required.")]
    [InlineData("""{"model":"nano-banana-2-lite"}""", "'input' is required.")]
    [InlineData("""{"model":"nano-banana-2-lite","input":{}}""", "'input.prompt' is required.")]
    [InlineData("""{"model":"nano-banana-2-lite","input":{"prompt":""}}""", "'input.prompt'")]
    [InlineData("""{"model":"nano-banana-2-lite","input":{"prompt":"x","aspect_ratio":"16:10"}}""", "'input.aspect_ratio' must be one of")]
    [InlineData("""{"model":"nano-banana-2-lite","input":{"prompt":"x","resolution":"2K"}}""", "'input.resolution'")]
    [InlineData("""{"model":"nano-banana-2-lite","input":{"prompt":"x","output_format":"png"}}""", "'input.output_format' is not a supported field.")]
    [InlineData("""{"model":"nano-banana-2-lite","input":{"prompt":"x","image_urls":["ftp://x/y.png"]}}""", "'input.image_urls")]
    [InlineData("""{"model":"nano-banana-2-lite","callback_url":"not a url","input":{"prompt":"x"}}""", "'callback_url'")]
    [InlineData("""not json""", "not valid JSON")]
    [InlineData("""[1,2]""", "JSON object")]
    public async Task An_invalid_create_is_400_invalid_request_naming_the_field(string body, string message)
    {
        await using var simulator = NanoBananaSimulator.Start();
        using var http = Http.Client(simulator);

        using var response = await http.CreateAsync(body);

        await response.AssertErrorAsync(400, "invalid_request", message);
        Assert.Equal(0, simulator.TasksCreated);
        Assert.Equal(1000, simulator.Credits);
    }

    [Fact]
    public async Task A_prompt_over_20000_characters_is_rejected_naming_the_limit()
    {
        await using var simulator = NanoBananaSimulator.Start();
        using var http = Http.Client(simulator);

        using var response = await http.CreateAsync($$$"""{"model":"nano-banana-2-lite","input":{"prompt":"{{{new string('a', 20001)}}}"}}""");
        await response.AssertErrorAsync(400, "invalid_request", "'input.prompt' must be at most 20000 characters.");
    }

    [Fact]
    public async Task More_than_10_image_urls_are_rejected()
    {
        await using var simulator = NanoBananaSimulator.Start();
        using var http = Http.Client(simulator);
        var urls = string.Join(",", Enumerable.Range(0, 11).Select(i => $"\"https://example.com/{i}.png\""));

        using var response = await http.CreateAsync($$$"""{"model":"nano-banana-2-lite","input":{"prompt":"x","image_urls":[{{{urls}}}]}}""");
        await response.AssertErrorAsync(400, "invalid_request", "'input.image_urls' must have at most 10 items.");
    }

    [Fact]
    public async Task An_unknown_model_is_404_model_not_found()
    {
        await using var simulator = NanoBananaSimulator.Start();
        using var http = Http.Client(simulator);

        using var response = await http.CreateAsync("""{"model":"nano-banana-pro","input":{"prompt":"x"}}""");
        await response.AssertErrorAsync(404, "model_not_found", "nano-banana-pro");
    }

    [Theory]
    [InlineData(null)]
    [InlineData("pk-live-123")]
    [InlineData("sk-")]
    public async Task A_missing_or_malformed_key_is_401_invalid_api_key(string? key)
    {
        await using var simulator = NanoBananaSimulator.Start();
        using var http = Http.Client(simulator, key);

        using var create = await http.CreateAsync(Http.TextToImage);
        using var credits = await http.GetAsync("v1/credits");

        await create.AssertErrorAsync(401, "invalid_api_key");
        await credits.AssertErrorAsync(401, "invalid_api_key");
        Assert.Equal(0, simulator.TasksCreated);
    }

    [Fact]
    public async Task Any_sk_key_is_accepted()
    {
        await using var simulator = NanoBananaSimulator.Start();
        using var http = Http.Client(simulator, "sk-your-api-key");

        using var response = await http.CreateAsync(Http.TextToImage);
        Assert.Equal(200, (int)response.StatusCode);
    }

    [Fact]
    public async Task The_docs_examples_are_accepted()
    {
        await using var simulator = NanoBananaSimulator.Start();
        using var http = Http.Client(simulator);

        using var first = await http.CreateAsync("""{"model":"nano-banana-2-lite","callback_url":"https://your-server.com/webhook","input":{"prompt":"A polished comic-style launch scene in a bright creative workspace","aspect_ratio":"16:9"}}""");
        using var second = await http.CreateAsync("""{"model":"nano-banana-2-lite","input":{"prompt":"Transform this product photo into a clean studio advertisement","image_urls":["https://example.com/product.png"],"aspect_ratio":"4:5"}}""");

        Assert.Equal(200, (int)first.StatusCode);
        Assert.Equal(200, (int)second.StatusCode);
    }
}

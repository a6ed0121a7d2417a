using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;

namespace NanoBanana.Simulator.Tests;

/// <summary>Plain HTTP against a simulator, as a user's integration test (or curl) would call it.</summary>
internal static class Http
{
    public const string TextToImage = """{"model":"nano-banana-2-lite","input":{"prompt":"A banana on a desk","aspect_ratio":"16:9"}}""";

    public static HttpClient Client(NanoBananaSimulator simulator, string? key = NanoBananaSimulator.ApiKey)
    {
        var client = new HttpClient { BaseAddress = simulator.Url };
        if (key is not null) client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);
        return client;
    }

    public static Task<HttpResponseMessage> CreateAsync(this HttpClient client, string body) =>
        client.PostAsync("v1/images/generations", new StringContent(body, Encoding.UTF8, "application/json"));

    public static async Task<string> CreateTaskIdAsync(this HttpClient client, string body = TextToImage)
    {
        using var response = await client.CreateAsync(body);
        var json = await response.JsonAsync();
        Assert.True(response.IsSuccessStatusCode, json.ToJsonString());
        return json["data"]!["taskId"]!.GetValue<string>();
    }

    public static async Task<JsonObject> GetTaskAsync(this HttpClient client, string taskId)
    {
        using var response = await client.GetAsync("v1/tasks/" + taskId);
        Assert.Equal(200, (int)response.StatusCode);
        return await response.JsonAsync();
    }

    public static async Task<JsonObject> JsonAsync(this HttpResponseMessage response) =>
        (JsonObject)JsonNode.Parse(await response.Content.ReadAsStringAsync())!;

    public static async Task AssertErrorAsync(this HttpResponseMessage response, int status, string code, string? messageContains = null)
    {
        var json = await response.JsonAsync();
        Assert.True(status == (int)response.StatusCode, $"expected {status}, got {(int)response.StatusCode}: {json.ToJsonString()}");
        Assert.Equal(code, json["error"]!["code"]!.GetValue<string>());
        if (messageContains is not null) Assert.Contains(messageContains, json["error"]!["message"]!.GetValue<string>(), StringComparison.Ordinal);
    }
}

using System.Text.Json.Nodes;

namespace NanoBanana.Contract.Tests;

/// <summary>The request schema accepts what the docs allow and rejects what they rule out.</summary>
public class SpecDocsRuleTests
{
    private static readonly NJsonSchema.JsonSchema Request = ContractDocument.Current.Schema("GenerationRequest");

    private static string Valid(Action<JsonObject>? change = null)
    {
        var body = new JsonObject
        {
            ["model"] = "nano-banana-2-lite",
            ["input"] = new JsonObject { ["prompt"] = "a lighthouse at dusk" },
        };
        change?.Invoke(body);
        return body.ToJsonString();
    }

    [Theory]
    [InlineData("1:1")] [InlineData("1:4")] [InlineData("1:8")] [InlineData("2:3")] [InlineData("3:2")]
    [InlineData("3:4")] [InlineData("4:1")] [InlineData("4:3")] [InlineData("4:5")] [InlineData("5:4")]
    [InlineData("8:1")] [InlineData("9:16")] [InlineData("16:9")] [InlineData("21:9")] [InlineData("auto")]
    public void Every_documented_aspect_ratio_is_accepted(string ratio)
    {
        Assert.Empty(Request.Validate(Valid(b => b["input"]!["aspect_ratio"] = ratio)));
    }

    [Fact]
    public void A_full_request_within_every_limit_is_accepted()
    {
        var json = Valid(b =>
        {
            b["callback_url"] = "https://your-server.com/webhook";
            b["input"]!["prompt"] = new string('p', 20_000);
            b["input"]!["resolution"] = "1K";
            b["input"]!["image_urls"] = new JsonArray(Enumerable.Range(0, 10).Select(i => (JsonNode)$"https://example.com/{i}.png").ToArray());
        });
        Assert.Empty(Request.Validate(json));
    }

    public static TheoryData<string, string> Violations() => new()
    {
        { "missing model", JsonNode.Parse(Valid())!.AsObject().Also(b => b.Remove("model")).ToJsonString() },
        { "missing input", JsonNode.Parse(Valid())!.AsObject().Also(b => b.Remove("input")).ToJsonString() },
        { "missing prompt", Valid(b => b["input"]!.AsObject().Remove("prompt")) },
        { "empty prompt", Valid(b => b["input"]!["prompt"] = "") },
        { "prompt of 20,001 characters", Valid(b => b["input"]!["prompt"] = new string('p', 20_001)) },
        { "11 image URLs", Valid(b => b["input"]!["image_urls"] = new JsonArray(Enumerable.Range(0, 11).Select(i => (JsonNode)$"https://example.com/{i}.png").ToArray())) },
        { "image URL that is not a URL", Valid(b => b["input"]!["image_urls"] = new JsonArray("not a url")) },
        { "relative image URL", Valid(b => b["input"]!["image_urls"] = new JsonArray("/images/a.png")) },
        { "undocumented aspect ratio", Valid(b => b["input"]!["aspect_ratio"] = "7:3") },
        { "resolution 2K", Valid(b => b["input"]!["resolution"] = "2K") },
        { "resolution 4K", Valid(b => b["input"]!["resolution"] = "4K") },
        { "output_format", Valid(b => b["input"]!["output_format"] = "png") },
        { "wrong model name", Valid(b => b["model"] = "nano-banana-2") },
        { "callback URL that is not a URL", Valid(b => b["callback_url"] = "your-server/webhook") },
        { "unknown top-level field", Valid(b => b["seed"] = 42) },
    };

    [Theory]
    [MemberData(nameof(Violations))]
    public void A_request_that_breaks_a_documented_rule_is_rejected(string rule, string json)
    {
        Assert.True(Request.Validate(json).Count > 0, $"accepted a request with {rule}: {json}");
    }
}

internal static class JsonObjectExtensions
{
    public static JsonObject Also(this JsonObject obj, Action<JsonObject> change)
    {
        change(obj);
        return obj;
    }
}

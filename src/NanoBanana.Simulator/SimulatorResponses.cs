using System.Globalization;
using System.Text;
using WireMock;
using WireMock.Types;
using WireMock.Util;

namespace NanoBanana.Simulator;

/// <summary>The simulator's answers as WireMock messages: JSON, text, the error envelope, and the two broken answers faults make.</summary>
internal static class SimulatorResponses
{
    /// <summary>An error envelope (<paramref name="json"/>) for <paramref name="code"/>, under its documented status.</summary>
    public static ResponseMessage Envelope(string code, string json, TimeSpan? retryAfter = null)
    {
        var response = Json(SimulatorErrors.StatusOf(code), json);
        if (retryAfter is { } wait) response.Headers!["Retry-After"] = new WireMockList<string>(((long)Math.Ceiling(wait.TotalSeconds)).ToString(CultureInfo.InvariantCulture));
        return response;
    }

    public static ResponseMessage Json(int status, string json) => new()
    {
        StatusCode = status,
        Headers = new Dictionary<string, WireMockList<string>> { ["Content-Type"] = new("application/json") },
        BodyData = new BodyData { DetectedBodyType = BodyType.String, BodyAsString = json, Encoding = Encoding.UTF8 },
    };

    public static ResponseMessage Text(int status, string text) => new()
    {
        StatusCode = status,
        Headers = new Dictionary<string, WireMockList<string>> { ["Content-Type"] = new("text/plain") },
        BodyData = new BodyData { DetectedBodyType = BodyType.String, BodyAsString = text, Encoding = Encoding.UTF8 },
    };

    public static ResponseMessage Png(byte[] png) => new()
    {
        StatusCode = 200,
        Headers = new Dictionary<string, WireMockList<string>> { ["Content-Type"] = new("image/png") },
        BodyData = new BodyData { DetectedBodyType = BodyType.Bytes, BodyAsBytes = png },
    };

    /// <summary>The request was handled; its answer is never sent: the connection is aborted (see <see cref="ConnectionDropper"/>).</summary>
    public static ResponseMessage Dropped(ResponseMessage response)
    {
        ConnectionDropper.DropCurrent();
        return response;
    }

    /// <summary>Half of the answer's body, under status 200: JSON that does not parse.</summary>
    public static ResponseMessage Malformed(ResponseMessage response)
    {
        var text = Encoding.UTF8.GetString(BodyBytes(response));
        return Json(200, text[..(text.Length / 2)]);
    }

    private static byte[] BodyBytes(ResponseMessage response) =>
        response.BodyData?.BodyAsBytes ?? Encoding.UTF8.GetBytes(response.BodyData?.BodyAsString ?? string.Empty);
}

using System.Text.Encodings.Web;
using System.Text.Json;

namespace NanoBanana.Simulator;

/// <summary>How the simulator writes JSON: compact, and with quotes left readable (<c>'model' is required.</c>, as the docs show it).</summary>
internal static class SimulatorJson
{
    public static readonly JsonSerializerOptions Options = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
}

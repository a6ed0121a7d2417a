using System.Text.Json;

namespace NanoBanana.Benchmarks.Results;

/// <summary>
/// A no-change rebuild of the solution with transport generation against the same build with generation
/// switched off (<c>-p:SkipTransportGeneration=true</c>), measured by <c>bench/build-timing.sh</c>.
/// </summary>
/// <param name="Repetitions">Builds of each kind, interleaved.</param>
/// <param name="WithGenerationSeconds">Median wall time of a no-change build with generation.</param>
/// <param name="WithoutGenerationSeconds">Median wall time of the same build without generation.</param>
/// <param name="GenerationSkipped">True when the detailed log of a no-change build says GenerateTransport was skipped.</param>
/// <param name="GenerateTransportTargetMs">The (skipped) target's time in MSBuild's performance summary of a no-change build.</param>
internal sealed record BuildTiming(int Repetitions, double WithGenerationSeconds, double WithoutGenerationSeconds, bool GenerationSkipped, double? GenerateTransportTargetMs = null)
{
    /// <summary>With / without: 1.0 when generation costs nothing on a no-change build.</summary>
    public double Ratio => WithGenerationSeconds / WithoutGenerationSeconds;

    public static BuildTiming? Load(string? path)
    {
        if (path is null || !File.Exists(path))
        {
            return null;
        }

        return JsonSerializer.Deserialize<BuildTiming>(File.ReadAllText(path), new JsonSerializerOptions(JsonSerializerDefaults.Web));
    }
}

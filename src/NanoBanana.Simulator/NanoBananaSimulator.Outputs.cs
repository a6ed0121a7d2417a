using System.Collections.Concurrent;
using WireMock;
using static NanoBanana.Simulator.SimulatorResponses;

namespace NanoBanana.Simulator;

/// <summary>The output-file host: a finished task's PNG, sized for its aspect ratio, encoded once per size.</summary>
public sealed partial class NanoBananaSimulator
{
    private readonly ConcurrentDictionary<(int Width, int Height), Lazy<byte[]>> _images = new();

    private ResponseMessage Download(IRequestMessage request)
    {
        var name = request.Path[ImagesPrefix.Length..];
        var id = name.EndsWith(".png", StringComparison.Ordinal) ? name[..^4] : name;
        if (!_tasks.TryGetValue(id, out var task) || task.Fails || !IsFinished(task, _time.GetUtcNow()))
        {
            return Text(404, "No such output.");
        }

        var png = _images.GetOrAdd(task.Size, size => new Lazy<byte[]>(() => PngImage.Encode(size.Width, size.Height))).Value;
        return Png(png);
    }
}

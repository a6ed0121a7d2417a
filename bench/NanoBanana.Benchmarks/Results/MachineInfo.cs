using System.Runtime.InteropServices;

namespace NanoBanana.Benchmarks.Results;

/// <summary>The machine a run was measured on, and how busy it was.</summary>
internal sealed record MachineInfo(
    int Cores,
    string Cpu,
    long MemoryBytes,
    string Runtime,
    string Os,
    string LoadAverageAtStart,
    string? LoadAverageAtEnd)
{
    public static MachineInfo Collect() => new(
        Environment.ProcessorCount,
        ReadField("/proc/cpuinfo", "model name") ?? RuntimeInformation.ProcessArchitecture.ToString(),
        ReadMemTotal(),
        RuntimeInformation.FrameworkDescription,
        RuntimeInformation.OSDescription,
        LoadAverage(),
        null);

    public MachineInfo WithEndLoad() => this with { LoadAverageAtEnd = LoadAverage() };

    public override string ToString() =>
        $"{Cores} cores ({Cpu}), {MemoryBytes / (1024.0 * 1024 * 1024):0.0} GiB, {Runtime}, {Os}; " +
        $"load average (1/5/15 min) {LoadAverageAtStart} at start, {LoadAverageAtEnd ?? "?"} at end";

    private static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "n/a";

    private static long ReadMemTotal()
    {
        var kb = ReadField("/proc/meminfo", "MemTotal")?.Split(' ', StringSplitOptions.RemoveEmptyEntries)[0];
        return kb is null ? GC.GetGCMemoryInfo().TotalAvailableMemoryBytes : long.Parse(kb, System.Globalization.CultureInfo.InvariantCulture) * 1024;
    }

    private static string? ReadField(string file, string name)
    {
        if (!File.Exists(file))
        {
            return null;
        }

        return File.ReadLines(file)
            .Where(line => line.StartsWith(name, StringComparison.Ordinal))
            .Select(line => line[(line.IndexOf(':', StringComparison.Ordinal) + 1)..].Trim())
            .FirstOrDefault();
    }
}

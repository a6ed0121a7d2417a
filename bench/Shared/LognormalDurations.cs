namespace NanoBanana.Benchmarks;

/// <summary>
/// Task durations drawn lognormal (Box-Muller, two draws of the random per duration, rounded to the millisecond): the
/// one distribution every benchmark gives the simulator, so the same seed means the same durations everywhere.
/// Compiled into each benchmark project.
/// </summary>
internal static class LognormalDurations
{
    /// <summary>The next duration from <paramref name="random"/>: median <paramref name="median"/>, spread <paramref name="sigma"/>.</summary>
    public static TimeSpan Next(Random random, TimeSpan median, double sigma)
    {
        var z = Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
        return TimeSpan.FromMilliseconds(Math.Round(median.TotalMilliseconds * Math.Exp(sigma * z)));
    }

    /// <summary>The first <paramref name="count"/> durations of the sequence seeded with <paramref name="seed"/>.</summary>
    public static List<TimeSpan> Draw(int seed, int count, TimeSpan median, double sigma)
    {
        var random = new Random(seed);
        var list = new List<TimeSpan>(count);
        for (var i = 0; i < count; i++) list.Add(Next(random, median, sigma));
        return list;
    }
}

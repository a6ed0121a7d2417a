using System.Globalization;

namespace NanoBanana.Simulator;

/// <summary>The pixel size of a 1K output for an aspect ratio: the long side is 1024.</summary>
internal static class OutputSize
{
    public const int LongSide = 1024;

    /// <summary>The size for <c>"16:9"</c> (1024x576), <c>"auto"</c> or null (1024x1024), and so on.</summary>
    public static (int Width, int Height) For(string? aspectRatio)
    {
        if (aspectRatio is null or "auto") return (LongSide, LongSide);
        var parts = aspectRatio.Split(':');
        var w = int.Parse(parts[0], CultureInfo.InvariantCulture);
        var h = int.Parse(parts[1], CultureInfo.InvariantCulture);
        return w >= h
            ? (LongSide, (int)Math.Round(LongSide * (double)h / w, MidpointRounding.AwayFromZero))
            : ((int)Math.Round(LongSide * (double)w / h, MidpointRounding.AwayFromZero), LongSide);
    }
}

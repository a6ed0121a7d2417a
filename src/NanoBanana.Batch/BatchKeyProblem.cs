namespace NanoBanana.Batch;

/// <summary>A problem with one item's key (<see cref="BatchOutputNames.Check"/>).</summary>
public sealed class BatchKeyProblem
{
    /// <summary>Describes a problem.</summary>
    /// <param name="position">The item's position (0-based).</param>
    /// <param name="clashesWith">The position of the earlier item whose output file it would overwrite, if that is the problem.</param>
    /// <param name="message">What is wrong.</param>
    public BatchKeyProblem(int position, int? clashesWith, string message)
    {
        ArgumentNullException.ThrowIfNull(message);
        Position = position;
        ClashesWith = clashesWith;
        Message = message;
    }

    /// <summary>The item's position (0-based).</summary>
    public int Position { get; }

    /// <summary>The position of the earlier item whose output file it would overwrite, if that is the problem.</summary>
    public int? ClashesWith { get; }

    /// <summary>What is wrong.</summary>
    public string Message { get; }

    /// <inheritdoc />
    public override string ToString() => $"item {Position}: {Message}";
}

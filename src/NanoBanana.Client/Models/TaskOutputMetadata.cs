namespace NanoBanana.Client;

/// <summary>Model-specific metadata of a task's output.</summary>
public sealed class TaskOutputMetadata
{
    internal TaskOutputMetadata(string? model, TimeSpan? costTime)
    {
        Model = model;
        CostTime = costTime;
    }

    /// <summary>The model that produced the output.</summary>
    public string? Model { get; }

    /// <summary>How long the generation took (the API's <c>costTime</c>).</summary>
    public TimeSpan? CostTime { get; }
}

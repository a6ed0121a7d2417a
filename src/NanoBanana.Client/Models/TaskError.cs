namespace NanoBanana.Client;

/// <summary>Why a task failed. The docs promise a refund of its credits when it failed upstream (<c>upstream_error</c>).</summary>
public sealed class TaskError
{
    internal TaskError(string? code, string? message)
    {
        Code = code;
        Message = message;
    }

    /// <summary>A machine-readable code, such as <c>upstream_error</c>.</summary>
    public string? Code { get; }

    /// <summary>A human-readable message (it may name the provider's request id).</summary>
    public string? Message { get; }
}

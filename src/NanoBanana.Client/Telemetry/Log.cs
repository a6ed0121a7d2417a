using Microsoft.Extensions.Logging;

namespace NanoBanana.Client;

/// <summary>
/// The client's log messages (source-generated). None of them carries the API key: values from the API arrive
/// redacted (every response body passes the client's <see cref="NanoBananaRedactor"/>) and are escaped here
/// (<see cref="NanoBananaRedactor.EscapeControlCharacters"/>) before they are logged.
/// </summary>
internal static partial class Log
{
    [LoggerMessage(1, LogLevel.Debug, "NanoBanana {Operation} attempt {Attempt} failed ({Reason}); retrying in {Delay}")]
    public static partial void Retrying(ILogger logger, string operation, int attempt, string reason, TimeSpan delay);

    [LoggerMessage(2, LogLevel.Warning, "NanoBanana {Operation} failed: {Status} {ErrorCode}")]
    public static partial void RequestFailed(ILogger logger, string operation, int? status, string? errorCode);

    [LoggerMessage(3, LogLevel.Error, "NanoBanana create_task outcome unknown ({Reason}); not retried, the task may exist")]
    public static partial void CreateOutcomeUnknown(ILogger logger, string reason);

    [LoggerMessage(4, LogLevel.Debug, "NanoBanana task {TaskId} is {Status}; next poll in {Delay}")]
    public static partial void Polled(ILogger logger, string taskId, string status, TimeSpan delay);

    [LoggerMessage(5, LogLevel.Information, "NanoBanana task {TaskId} finished: {Status} after {Polls} polls")]
    public static partial void TaskFinished(ILogger logger, string taskId, GenerationTaskStatus status, int polls);

    [LoggerMessage(6, LogLevel.Information, "NanoBanana task {TaskId} created")]
    public static partial void TaskCreated(ILogger logger, string taskId);

    [LoggerMessage(7, LogLevel.Warning, "NanoBanana task {TaskId} reports a status this client does not know ('{Status}'); polling on until it completes, fails or the wait times out")]
    public static partial void UnknownStatus(ILogger logger, string taskId, string status);

    [LoggerMessage(8, LogLevel.Warning, "NanoBanana task {TaskId} was confirmed but the other processes could not be told; their waits see it at their next poll")]
    public static partial void NotifyFailed(ILogger logger, string taskId, Exception exception);

    [LoggerMessage(9, LogLevel.Debug, "NanoBanana task {TaskId}: a confirmed callback ended the wait ({Status}) after {Polls} polls")]
    public static partial void WokenByCallback(ILogger logger, string taskId, GenerationTaskStatus status, int polls);
}

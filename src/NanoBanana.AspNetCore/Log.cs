using Microsoft.Extensions.Logging;
using NanoBanana.Client;

namespace NanoBanana.AspNetCore;

/// <summary>
/// What the callback endpoint logs. Never the secret, the query string or the body; a posted value (a status) only
/// redacted and escaped (<see cref="NanoBananaRedactor.Sanitize"/>), and task ids only once the parser checked them
/// against the contract's pattern.
/// </summary>
internal static partial class Log
{
    [LoggerMessage(1, LogLevel.Warning, "Nano Banana callback to {Path} rejected (401): the shared secret is missing or wrong.")]
    public static partial void SecretRejected(ILogger logger, string path);

    [LoggerMessage(2, LogLevel.Warning, "Nano Banana callback to {Path} rejected (400): {Reason}")]
    public static partial void MalformedBody(ILogger logger, string path, string reason);

    [LoggerMessage(3, LogLevel.Warning, "Nano Banana callback for task {TaskId} rejected (404): the API does not know the task (a forged or misdirected callback?).")]
    public static partial void UnknownTask(ILogger logger, string taskId);

    [LoggerMessage(4, LogLevel.Warning, "Nano Banana callback for task {TaskId} not confirmed (503): the task could not be read from the API ({Reason}).")]
    public static partial void ConfirmFailed(ILogger logger, string taskId, string reason);

    [LoggerMessage(5, LogLevel.Information, "Nano Banana callback for task {TaskId} said {ClaimedStatus}; the API says {Status}: answered 409 so that the sender retries.")]
    public static partial void NotFinished(ILogger logger, string taskId, string claimedStatus, string status);

    [LoggerMessage(6, LogLevel.Debug, "Nano Banana callback for task {TaskId} ({Status}) was handled before: acknowledged without calling the handler.")]
    public static partial void Duplicate(ILogger logger, string taskId, GenerationTaskStatus status);

    [LoggerMessage(7, LogLevel.Information, "Nano Banana callback for task {TaskId} confirmed ({Status}) and handled.")]
    public static partial void Handled(ILogger logger, string taskId, GenerationTaskStatus status);

    [LoggerMessage(8, LogLevel.Error, "The Nano Banana callback handler failed for task {TaskId} ({Status}); a redelivery will call it again.")]
    public static partial void HandlerFailed(ILogger logger, string taskId, GenerationTaskStatus status, Exception exception);

    [LoggerMessage(9, LogLevel.Information, "Nano Banana callback for task {TaskId} ({Status}) arrived while another delivery's handler runs: answered 409 so that the sender retries.")]
    public static partial void InProgress(ILogger logger, string taskId, GenerationTaskStatus status);

    [LoggerMessage(10, LogLevel.Warning, "Nano Banana callback to {Path} rejected (413): the body is larger than {MaxBytes} bytes.")]
    public static partial void TooLarge(ILogger logger, string path, int maxBytes);

    [LoggerMessage(11, LogLevel.Warning, "Nano Banana callback for task {TaskId} not confirmed (503): {Max} confirmations are in flight already (MaxConfirmationsInFlight).")]
    public static partial void TooManyConfirmations(ILogger logger, string taskId, int max);

    [LoggerMessage(13, LogLevel.Error, "Nano Banana callback for task {TaskId} not handled (503): the callback store failed.")]
    public static partial void StoreFailed(ILogger logger, string taskId, Exception exception);

    [LoggerMessage(12, LogLevel.Warning, "Nano Banana callbacks to {Pattern} are accepted without a secret (AllowUnauthenticatedCallbacks): anyone who learns the URL can post one.")]
    public static partial void Unauthenticated(ILogger logger, string pattern);
}

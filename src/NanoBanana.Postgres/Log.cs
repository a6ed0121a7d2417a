using Microsoft.Extensions.Logging;

namespace NanoBanana.Postgres;

/// <summary>What the PostgreSQL parts log. Never a password.</summary>
internal static partial class Log
{
    [LoggerMessage(1, LogLevel.Warning, "Nano Banana task notices: the LISTEN connection failed; reconnecting in {Pause}")]
    public static partial void ListenFailed(ILogger logger, TimeSpan pause, Exception exception);

    [LoggerMessage(2, LogLevel.Warning, "Nano Banana task notices: a notice is not a task ({Reason}); ignored")]
    public static partial void BadNotice(ILogger logger, string reason);

    [LoggerMessage(3, LogLevel.Error, "Nano Banana task notices: a subscriber failed on task {TaskId}")]
    public static partial void SubscriberFailed(ILogger logger, string taskId, Exception exception);
}

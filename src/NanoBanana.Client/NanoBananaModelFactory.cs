using System.Text.Json;

namespace NanoBanana.Client;

/// <summary>
/// Builds the client's outputs in any state, for tests of code that uses <see cref="INanoBananaClient"/>: tasks,
/// results, credits, operations that play a sequence of task states, and exceptions classified exactly as the client
/// classifies the same failure (<see cref="NanoBananaException.Category"/>, <see cref="NanoBananaException.IsTransient"/>).
/// Nothing here sends a request.
/// </summary>
public static class NanoBananaModelFactory
{
    /// <summary>A task in any state.</summary>
    /// <param name="id">The task id.</param>
    /// <param name="status">Its status (<see cref="GenerationTaskStatus.Completed"/>, ...).</param>
    /// <param name="model">The model's name; null for none.</param>
    /// <param name="createdAt">When it was created.</param>
    /// <param name="completedAt">When it completed.</param>
    /// <param name="progress">Progress from 0 to 100.</param>
    /// <param name="output">The output of a completed task (<see cref="TaskOutput(IEnumerable{Uri}, TaskOutputMetadata?)"/>).</param>
    /// <param name="error">Why a failed task failed (<see cref="TaskError(string?, string?)"/>).</param>
    /// <returns>The task.</returns>
    public static GenerationTask GenerationTask(string id, GenerationTaskStatus status, string? model = null, DateTimeOffset? createdAt = null,
        DateTimeOffset? completedAt = null, double? progress = null, TaskOutput? output = null, TaskError? error = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(id);
        return new GenerationTask(id, status, model, createdAt, completedAt, progress, output, error);
    }

    /// <summary>A task's output.</summary>
    /// <param name="urls">The output image URLs.</param>
    /// <param name="metadata">The model's metadata (<see cref="TaskOutputMetadata(string?, TimeSpan?)"/>).</param>
    /// <returns>The output.</returns>
    public static TaskOutput TaskOutput(IEnumerable<Uri> urls, TaskOutputMetadata? metadata = null)
    {
        ArgumentNullException.ThrowIfNull(urls);
        Uri[] copy = [.. urls];
        if (copy.Any(static u => u is null)) throw new ArgumentException("An output URL is null.", nameof(urls));
        return new TaskOutput(copy, metadata);
    }

    /// <summary>An output's metadata.</summary>
    /// <param name="model">The model that produced it.</param>
    /// <param name="costTime">How long the generation took.</param>
    /// <returns>The metadata.</returns>
    public static TaskOutputMetadata TaskOutputMetadata(string? model = null, TimeSpan? costTime = null) => new(model, costTime);

    /// <summary>Why a task failed.</summary>
    /// <param name="code">The code, such as <c>upstream_error</c>.</param>
    /// <param name="message">The message.</param>
    /// <returns>The error.</returns>
    public static TaskError TaskError(string? code = null, string? message = null) => new(code, message);

    /// <summary>The result of a completed task with output.</summary>
    /// <param name="task">A completed task with at least one output URL.</param>
    /// <returns>The result.</returns>
    /// <exception cref="ArgumentException">The task is not completed or has no output URL.</exception>
    public static GenerationResult GenerationResult(GenerationTask task) => new(task);

    /// <summary>A credit balance.</summary>
    /// <param name="credits">The balance; null for a body without one.</param>
    /// <param name="additionalProperties">Every field of the body; null for <c>{"credits": credits}</c>.</param>
    /// <returns>The balance.</returns>
    public static CreditsBalance CreditsBalance(decimal? credits, IReadOnlyDictionary<string, JsonElement>? additionalProperties = null)
    {
        var properties = additionalProperties is not null
            ? new Dictionary<string, JsonElement>(additionalProperties, StringComparer.Ordinal)
            : new Dictionary<string, JsonElement>(StringComparer.Ordinal);
        if (additionalProperties is null && credits is { } c) properties["credits"] = JsonDocument.Parse(c.ToString(System.Globalization.CultureInfo.InvariantCulture)).RootElement.Clone();
        return new CreditsBalance(credits, properties.AsReadOnly());
    }

    /// <summary>
    /// An operation that plays <paramref name="updates"/>, one per read: <see cref="GenerationOperation.UpdateStatusAsync"/>
    /// returns the next, <see cref="GenerationOperation.WatchAsync"/> yields each change of status or progress, and
    /// <see cref="GenerationOperation.WaitForCompletionAsync"/> reads to the first final state and returns its result (or throws
    /// <see cref="NanoBananaTaskFailedException"/>). When the updates end before a final state, a wait throws
    /// <see cref="NanoBananaWaitTimeoutException"/>. No clock, no request.
    /// </summary>
    /// <param name="taskId">The task id.</param>
    /// <param name="updates">The states the task goes through, in order (for example processing, then completed).</param>
    /// <param name="lastKnownTask">The state already known (as after a start or an earlier wait); null for none.</param>
    /// <returns>The operation.</returns>
    public static GenerationOperation GenerationOperation(string taskId, IEnumerable<GenerationTask>? updates = null, GenerationTask? lastKnownTask = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(taskId);
        return new ScriptedGenerationOperation(taskId, lastKnownTask, updates ?? []);
    }

    /// <summary>
    /// The exception the client raises for an API error response: the documented type for a documented status and code
    /// (402 <c>insufficient_credits</c> is a <see cref="NanoBananaInsufficientCreditsException"/>), the base type otherwise,
    /// with the category and transience the client gives it.
    /// </summary>
    /// <param name="statusCode">The HTTP status.</param>
    /// <param name="errorCode">The API's <c>error.code</c> (<see cref="NanoBananaErrorCodes"/>).</param>
    /// <param name="message">The API's <c>error.message</c>.</param>
    /// <param name="errorType">The API's <c>error.type</c>.</param>
    /// <param name="retryAfter">The response's <c>Retry-After</c>.</param>
    /// <param name="headers">The response's headers.</param>
    /// <returns>The exception, to throw from a fake.</returns>
    public static NanoBananaException ApiException(int statusCode, string? errorCode, string? message = null, string? errorType = null,
        TimeSpan? retryAfter = null, IReadOnlyDictionary<string, IReadOnlyList<string>>? headers = null)
    {
        var text = $"HTTP {statusCode} {errorCode ?? "(no code)"} ({errorType ?? "no type"}): {message ?? "(no message)"}";
        var exception = FailureClassifier.Find(statusCode, errorCode) is { } documented
            ? documented.Create(text, statusCode, errorCode!, errorType, retryAfter, null)
            : new NanoBananaException(text, statusCode, errorCode, errorType, retryAfter);
        if (headers is not null) exception.Headers = ErrorMapper.HeadersOf(headers.Select(h => new KeyValuePair<string, IEnumerable<string>>(h.Key, h.Value)), NanoBananaRedactor.BearerShapedOnly);
        return exception;
    }

    /// <summary>The exception the client raises when no usable response arrived.</summary>
    /// <param name="requestNotSent">The connection could not be made, so the request certainly never left.</param>
    /// <param name="isTimeout">The attempt timed out.</param>
    /// <returns>The exception.</returns>
    public static NanoBananaNetworkException NetworkException(bool requestNotSent = false, bool isTimeout = false) =>
        new(requestNotSent ? "network error: the connection could not be made." : isTimeout ? "the request timed out." : "network error: the connection dropped.",
            requestNotSent, isTimeout, innerException: null);
}

namespace NanoBanana.Simulator;

/// <summary>A callback the simulator POSTed to a task's <c>callback_url</c>.</summary>
/// <param name="TaskId">The task.</param>
/// <param name="Url">Where it was sent.</param>
/// <param name="Status">The task status it announced (<c>completed</c> or <c>failed</c>).</param>
/// <param name="Body">The JSON body sent: the task object, as <c>GET /v1/tasks/{taskId}</c> answers it.</param>
/// <param name="ResponseStatus">The receiver's HTTP status, or null when the delivery failed.</param>
/// <param name="Error">Why the delivery failed, or null.</param>
public sealed record CallbackDelivery(string TaskId, Uri Url, string Status, string Body, int? ResponseStatus, string? Error)
{
    /// <summary>Whether the receiver answered 2xx.</summary>
    public bool Delivered => ResponseStatus is >= 200 and < 300;
}

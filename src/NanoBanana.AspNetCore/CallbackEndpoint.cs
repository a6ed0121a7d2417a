using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using NanoBanana.Client;

namespace NanoBanana.AspNetCore;

/// <summary>
/// One mapped callback endpoint. In order: the shared secret (401, nothing read or fetched), the body (400 problem
/// details), the task fetched from the API (404 unknown task, 503 API unreachable, 409 still pending or processing),
/// the idempotency store (200 for a delivery handled before), then the handler with the fetched task (200).
/// </summary>
internal sealed class CallbackEndpoint(
    Func<GenerationTask, HttpContext, Task> handler,
    CallbackSecret? secret,
    string secretQueryParameter,
    INanoBananaCallbackStore store,
    ILogger logger)
{
    public async Task HandleAsync(HttpContext context)
    {
        var request = context.Request;
        var path = request.Path.Value ?? "/";
        if (secret is not null)
        {
            var values = request.Query[secretQueryParameter];
            if (values.Count != 1 || !secret.Matches(values[0]))
            {
                Log.SecretRejected(logger, path);
                await Problem(context, StatusCodes.Status401Unauthorized, "Callback not authenticated",
                    $"The callback URL must carry the shared secret in the query parameter '{secretQueryParameter}'.").ConfigureAwait(false);
                return;
            }
        }

        var aborted = context.RequestAborted;
        GenerationTask claimed;
        try
        {
            claimed = await TaskCallback.ParseAsync(request.Body, aborted).ConfigureAwait(false);
        }
        catch (NanoBananaCallbackException ex)
        {
            Log.MalformedBody(logger, path, ex.Message);
            await Problem(context, StatusCodes.Status400BadRequest, "Malformed callback body", ex.Message).ConfigureAwait(false);
            return;
        }

        // The body is only a hint (callbacks carry no signature): the handler gets the task as the API reports it.
        var client = context.RequestServices.GetRequiredService<INanoBananaClient>();
        GenerationTask task;
        try
        {
            task = await client.ConfirmCallbackAsync(claimed, aborted).ConfigureAwait(false);
        }
        catch (NanoBananaNotFoundException)
        {
            Log.UnknownTask(logger, claimed.Id);
            await Problem(context, StatusCodes.Status404NotFound, "Unknown task", $"The API does not know task '{claimed.Id}'.").ConfigureAwait(false);
            return;
        }
        catch (NanoBananaException ex)
        {
            Log.ConfirmFailed(logger, claimed.Id, ex);
            if (ex.RetryAfter is { } wait) context.Response.Headers.RetryAfter = ((long)Math.Ceiling(wait.TotalSeconds)).ToString(System.Globalization.CultureInfo.InvariantCulture);
            await Problem(context, StatusCodes.Status503ServiceUnavailable, "Callback not confirmed",
                $"Task '{claimed.Id}' could not be read from the API; deliver the callback again later.").ConfigureAwait(false);
            return;
        }

        if (task.Status != GenerationTaskStatus.Completed && task.Status != GenerationTaskStatus.Failed)
        {
            // The callback says finished, the API not yet (or a forged early callback): not handled, and not a 2xx,
            // so a sender that retries delivers it again once the API agrees.
            Log.NotFinished(logger, task.Id, claimed.Status, task.Status);
            await Problem(context, StatusCodes.Status409Conflict, "Task not finished",
                $"The API reports task '{task.Id}' as {Wire(task.Status)}; deliver the callback again once it has completed or failed.").ConfigureAwait(false);
            return;
        }

        if (!await store.TryClaimAsync(task.Id, task.Status, aborted).ConfigureAwait(false))
        {
            Log.Duplicate(logger, task.Id, task.Status);
            context.Response.StatusCode = StatusCodes.Status200OK;
            return;
        }

        try
        {
            await handler(task, context).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            await store.ReleaseAsync(task.Id, task.Status, CancellationToken.None).ConfigureAwait(false);
            if (ex is not OperationCanceledException || !aborted.IsCancellationRequested) Log.HandlerFailed(logger, task.Id, task.Status, ex);
            throw;
        }

        Log.Handled(logger, task.Id, task.Status);
    }

    private static string Wire(GenerationTaskStatus status) => status.ToString();

    /// <summary>
    /// Answers with problem details: through the app's <see cref="IProblemDetailsService"/> when it has one (its
    /// customizations apply), otherwise written with this package's source-generated metadata, so the answer needs no
    /// reflection and no JSON set-up of the app's own (Native AOT).
    /// </summary>
    private static async Task Problem(HttpContext context, int status, string title, string detail)
    {
        var problem = TypedResults.Problem(detail: detail, statusCode: status, title: title).ProblemDetails;
        context.Response.StatusCode = status;
        if (context.RequestServices.GetService<IProblemDetailsService>() is { } service
            && await service.TryWriteAsync(new ProblemDetailsContext { HttpContext = context, ProblemDetails = problem }).ConfigureAwait(false))
        {
            return;
        }

        await context.Response.WriteAsJsonAsync(problem, CallbackJsonContext.Default.ProblemDetails, "application/problem+json", context.RequestAborted).ConfigureAwait(false);
    }
}

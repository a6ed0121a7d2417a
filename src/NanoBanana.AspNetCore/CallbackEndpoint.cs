using System.Globalization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using NanoBanana.Client;

namespace NanoBanana.AspNetCore;

/// <summary>
/// One mapped callback endpoint. In order: the shared secret (401, nothing read or fetched); the body (413 too large,
/// 400 not a task object); the confirmation, one bounded API call (<see cref="CallbackConfirmations"/>: 404 unknown
/// task, 503 API busy or unreachable or too many confirmations in flight, 409 still pending or processing); the claim
/// in the store (200 handled before, 409 being handled by another delivery); then the handler with the fetched task
/// (200), the claim completed, or released when the handler throws.
/// </summary>
/// <remarks>
/// Nothing the sender posted reaches a log or an answer unescaped: the task id is checked against the contract's
/// pattern by the parser, and any other posted value (a status) is redacted and escaped first.
/// </remarks>
internal sealed class CallbackEndpoint(
    Func<GenerationTask, HttpContext, Task> handler,
    Func<HttpContext, INanoBananaClient> client,
    NanoBananaCallbackOptions options,
    INanoBananaCallbackStore store,
    TimeProvider time,
    ILogger logger)
{
    // A Retry-After for a busy or unreachable API that gave none.
    private static readonly TimeSpan DefaultRetryAfter = TimeSpan.FromSeconds(10);

    private readonly CallbackSecret? _secret = string.IsNullOrEmpty(options.Secret) ? null : new CallbackSecret(options.Secret);
    private readonly CallbackConfirmations _confirmations = new(options, time);

    public async Task HandleAsync(HttpContext context)
    {
        var path = NanoBananaRedactor.EscapeControlCharacters(context.Request.Path.Value ?? "/");
        if (_secret is not null)
        {
            var values = context.Request.Query[options.SecretQueryParameter];
            if (values.Count != 1 || !_secret.Matches(values[0]))
            {
                Log.SecretRejected(logger, path);
                await Problem(context, StatusCodes.Status401Unauthorized, "Callback not authenticated",
                    $"The callback URL must carry the shared secret in the query parameter '{options.SecretQueryParameter}'.").ConfigureAwait(false);
                return;
            }
        }

        var claimed = await ReadAsync(context, path).ConfigureAwait(false);
        if (claimed is null) return;

        if (_confirmations.WasHandled(claimed.Id, claimed.Status))
        {
            // A replay of a delivery handled here before: acknowledged with no API call (a forged one gains nothing).
            Log.Duplicate(logger, claimed.Id, claimed.Status);
            context.Response.StatusCode = StatusCodes.Status200OK;
            return;
        }

        var api = client(context);
        var redactor = (api as NanoBananaClient)?.Redactor ?? NanoBananaRedactor.BearerShapedOnly;
        var task = await ConfirmAsync(context, api, claimed, redactor).ConfigureAwait(false);
        if (task is null) return;

        if (task.Status != GenerationTaskStatus.Completed && task.Status != GenerationTaskStatus.Failed)
        {
            // The callback says finished, the API not yet (or a forged early callback): not handled, and not a 2xx,
            // so a sender that retries delivers it again once the API agrees.
            var status = redactor.Sanitize(task.Status.ToString());
            Log.NotFinished(logger, task.Id, redactor.Sanitize(claimed.Status.ToString()), status);
            await Problem(context, StatusCodes.Status409Conflict, "Task not finished",
                $"The API reports task '{task.Id}' as {status}; deliver the callback again once it has completed or failed.").ConfigureAwait(false);
            return;
        }

        await HandleConfirmedAsync(context, task).ConfigureAwait(false);
    }

    /// <summary>Reads and parses the body: 413 past the limit (no error logged), 400 when it is not a task object.</summary>
    private async Task<GenerationTask?> ReadAsync(HttpContext context, string path)
    {
        var request = context.Request;
        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit) limit.MaxRequestBodySize = TaskCallback.MaxBodyBytes;
        if (request.ContentLength > TaskCallback.MaxBodyBytes) return await TooLargeAsync(context, path).ConfigureAwait(false);

        byte[] body;
        try
        {
            using var buffer = new MemoryStream();
            var chunk = new byte[16384];
            int n;
            while ((n = await request.Body.ReadAsync(chunk, context.RequestAborted).ConfigureAwait(false)) > 0)
            {
                if (buffer.Length + n > TaskCallback.MaxBodyBytes) return await TooLargeAsync(context, path).ConfigureAwait(false);
                buffer.Write(chunk, 0, n);
            }

            body = buffer.ToArray();
        }
        catch (BadHttpRequestException e) when (e.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return await TooLargeAsync(context, path).ConfigureAwait(false);
        }

        try
        {
            return TaskCallback.Parse(body);
        }
        catch (NanoBananaCallbackException ex)
        {
            // The parser's messages quote posted values only redacted and escaped.
            Log.MalformedBody(logger, path, ex.Message);
            await Problem(context, StatusCodes.Status400BadRequest, "Malformed callback body", ex.Message).ConfigureAwait(false);
            return null;
        }
    }

    private async Task<GenerationTask?> TooLargeAsync(HttpContext context, string path)
    {
        Log.TooLarge(logger, path, TaskCallback.MaxBodyBytes);
        await Problem(context, StatusCodes.Status413PayloadTooLarge, "Callback body too large",
            $"The callback body is larger than {TaskCallback.MaxBodyBytes} bytes.").ConfigureAwait(false);
        return null;
    }

    /// <summary>The task as the API reports it, or null once the delivery was answered (404, 503).</summary>
    private async Task<GenerationTask?> ConfirmAsync(HttpContext context, INanoBananaClient api, GenerationTask claimed, NanoBananaRedactor redactor)
    {
        try
        {
            var (outcome, task) = await _confirmations.ConfirmAsync(api, claimed, context.RequestAborted).ConfigureAwait(false);
            switch (outcome)
            {
                case CallbackConfirmations.Outcome.Confirmed:
                    return task;
                case CallbackConfirmations.Outcome.UnknownTask:
                    Log.UnknownTask(logger, claimed.Id);
                    await Problem(context, StatusCodes.Status404NotFound, "Unknown task", $"The API does not know task '{claimed.Id}'.").ConfigureAwait(false);
                    return null;
                default:
                    Log.TooManyConfirmations(logger, claimed.Id, options.MaxConfirmationsInFlight);
                    await Unavailable(context, claimed.Id, DefaultRetryAfter).ConfigureAwait(false);
                    return null;
            }
        }
        catch (Exception ex) when (ex is NanoBananaException or TimeoutException)
        {
            Log.ConfirmFailed(logger, claimed.Id, redactor.Sanitize(ex.Message));
            await Unavailable(context, claimed.Id, (ex as NanoBananaException)?.RetryAfter ?? DefaultRetryAfter).ConfigureAwait(false);
            return null;
        }
    }

    /// <summary>A confirmed, finished task: claimed once in the store, then handled.</summary>
    private async Task HandleConfirmedAsync(HttpContext context, GenerationTask task)
    {
        var aborted = context.RequestAborted;
        CallbackClaim claim;
        try
        {
            claim = await store.TryClaimAsync(task.Id, task.Status, options.HandlerLease, aborted).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !aborted.IsCancellationRequested)
        {
            Log.StoreFailed(logger, task.Id, ex);
            await Unavailable(context, task.Id, DefaultRetryAfter).ConfigureAwait(false);
            return;
        }

        switch (claim.Outcome)
        {
            case CallbackClaimOutcome.Handled:
                _confirmations.MarkHandled(task.Id, task.Status);
                Log.Duplicate(logger, task.Id, task.Status);
                context.Response.StatusCode = StatusCodes.Status200OK;
                return;
            case CallbackClaimOutcome.InProgress:
                // Not a 2xx: the handler has not finished (it may still fail), so a sender that retries must deliver again.
                var wait = claim.LeaseExpiresAt is { } expiry ? expiry - time.GetUtcNow() : DefaultRetryAfter;
                Log.InProgress(logger, task.Id, task.Status);
                RetryAfter(context, wait < DefaultRetryAfter ? wait : DefaultRetryAfter);
                await Problem(context, StatusCodes.Status409Conflict, "Callback being handled",
                    $"Task '{task.Id}' ({task.Status}) is being handled for another delivery; deliver the callback again later.").ConfigureAwait(false);
                return;
        }

        try
        {
            await handler(task, context).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            await store.ReleaseAsync(claim, CancellationToken.None).ConfigureAwait(false);
            if (ex is not OperationCanceledException || !aborted.IsCancellationRequested) Log.HandlerFailed(logger, task.Id, task.Status, ex);
            throw;
        }

        await store.CompleteAsync(claim, CancellationToken.None).ConfigureAwait(false);
        _confirmations.MarkHandled(task.Id, task.Status);
        Log.Handled(logger, task.Id, task.Status);
    }

    private static Task Unavailable(HttpContext context, string taskId, TimeSpan retryAfter)
    {
        RetryAfter(context, retryAfter);
        return Problem(context, StatusCodes.Status503ServiceUnavailable, "Callback not confirmed",
            $"Task '{taskId}' could not be read from the API now; deliver the callback again later.");
    }

    private static void RetryAfter(HttpContext context, TimeSpan wait) =>
        context.Response.Headers.RetryAfter = Math.Max(1, (long)Math.Ceiling(wait.TotalSeconds)).ToString(CultureInfo.InvariantCulture);

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

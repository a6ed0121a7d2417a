using System.Diagnostics.CodeAnalysis;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using NanoBanana.AspNetCore;
using NanoBanana.Client;

namespace Microsoft.AspNetCore.Builder;

/// <summary>Maps the endpoint that receives Nano Banana task callbacks.</summary>
public static class NanoBananaCallbackEndpointRouteBuilderExtensions
{
    /// <summary>The logger category of the callback endpoints.</summary>
    public const string LoggerCategory = "NanoBanana.AspNetCore.Callbacks";

    /// <summary>
    /// Maps <c>POST <paramref name="pattern"/></c> as the receiver of task callbacks (the URL you pass as a task's
    /// <c>callback_url</c>). A delivery reaches <paramref name="handler"/> only when it carries the shared secret
    /// (<see cref="NanoBananaCallbackOptions.Secret"/>, required unless
    /// <see cref="NanoBananaCallbackOptions.AllowUnauthenticatedCallbacks"/>), its body is a task object, the API
    /// confirms the task has <c>completed</c> or <c>failed</c> (one call, <see cref="INanoBananaClient.ConfirmCallbackAsync"/>,
    /// shared by concurrent deliveries of the task), and the same task and status were neither handled before nor are
    /// being handled (<see cref="INanoBananaCallbackStore"/>). The handler gets the task the API returned, never the
    /// posted body.
    /// </summary>
    /// <remarks>
    /// Answers: 200 handled, or handled before; 400 a body that is not a task object (problem details); 401 a missing or
    /// wrong secret (nothing read, no API call); 404 a task the API does not know (remembered for
    /// <see cref="NanoBananaCallbackOptions.UnknownTaskMemory"/>: no further API call for that id); 409 a task the API
    /// still reports as <c>pending</c> or <c>processing</c>, or a delivery whose handler is running for another
    /// delivery (with <c>Retry-After</c>; not handled: the sender may deliver it again); 413 a body over 1 MiB; 503 the
    /// API could not be read (429, 5xx, a timeout: one attempt, never retried), or too many confirmations in flight,
    /// with <c>Retry-After</c>. When the handler throws, the claim is released, so a redelivery calls it again, and the
    /// exception propagates to the application's error handling (500). Needs <see cref="INanoBananaClient"/> in the
    /// services (<c>services.AddNanoBananaClient(...)</c>); uses the registered <see cref="INanoBananaCallbackStore"/>,
    /// or else an <see cref="InMemoryNanoBananaCallbackStore"/> of its own, and the registered <see cref="TimeProvider"/>.
    /// </remarks>
    /// <param name="endpoints">The application or route group.</param>
    /// <param name="pattern">The route, such as <c>/hooks/nano-banana</c>.</param>
    /// <param name="handler">
    /// Called once per confirmed task and status, with the task as the API reports it and the request's context
    /// (<see cref="HttpContext.RequestAborted"/>, <see cref="HttpContext.RequestServices"/>). Keep it short (the sender
    /// waits for the answer, and <see cref="NanoBananaCallbackOptions.HandlerLease"/> bounds it): store the task or
    /// queue the work.
    /// </param>
    /// <param name="configure">Sets the endpoint's options: the shared secret, limits.</param>
    /// <returns>A builder to add conventions to the endpoint (rate limiting, host filtering, ...).</returns>
    /// <exception cref="ArgumentException">
    /// The options are not valid: no secret (without <see cref="NanoBananaCallbackOptions.AllowUnauthenticatedCallbacks"/>),
    /// a blank secret or query parameter name, a limit out of range.
    /// </exception>
    /// <exception cref="InvalidOperationException"><see cref="INanoBananaClient"/> is not registered.</exception>
    public static IEndpointConventionBuilder MapNanoBananaCallback(
        this IEndpointRouteBuilder endpoints,
        [StringSyntax("Route")] string pattern,
        Func<GenerationTask, HttpContext, Task> handler,
        Action<NanoBananaCallbackOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        ArgumentNullException.ThrowIfNull(pattern);
        ArgumentNullException.ThrowIfNull(handler);
        var options = new NanoBananaCallbackOptions();
        configure?.Invoke(options);
        options.ThrowIfInvalid();

        var services = endpoints.ServiceProvider;
        if (services.GetService<IServiceProviderIsService>() is { } isService && !isService.IsService(typeof(INanoBananaClient)))
        {
            throw new InvalidOperationException(
                "MapNanoBananaCallback confirms each callback with the API and needs INanoBananaClient: call services.AddNanoBananaClient(...) first.");
        }

        var logger = (ILogger?)services.GetService<ILoggerFactory>()?.CreateLogger(LoggerCategory) ?? NullLogger.Instance;
        if (string.IsNullOrEmpty(options.Secret)) Log.Unauthenticated(logger, NanoBananaRedactor.EscapeControlCharacters(pattern));
        var time = services.GetService<TimeProvider>() ?? TimeProvider.System;
        var endpoint = new CallbackEndpoint(
            handler,
            static context => context.RequestServices.GetRequiredService<INanoBananaClient>(),
            options,
            services.GetService<INanoBananaCallbackStore>() ?? new InMemoryNanoBananaCallbackStore(InMemoryNanoBananaCallbackStore.DefaultCapacity, time),
            time,
            logger);
        return endpoints.MapPost(pattern, (RequestDelegate)endpoint.HandleAsync).WithDisplayName("Nano Banana callback " + pattern);
    }
}

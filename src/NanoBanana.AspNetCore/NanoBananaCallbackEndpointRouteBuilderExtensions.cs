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
    /// <c>callback_url</c>). A delivery reaches <paramref name="handler"/> only when it carries the shared secret (if
    /// <see cref="NanoBananaCallbackOptions.Secret"/> is set), its body is a task object, the API confirms the task
    /// has <c>completed</c> or <c>failed</c> (<see cref="NanoBananaClientExtensions.ConfirmCallbackAsync"/>), and the same task
    /// and status were not handled before (<see cref="INanoBananaCallbackStore"/>). The handler gets the task the API
    /// returned, never the posted body.
    /// </summary>
    /// <remarks>
    /// Answers: 200 handled, or handled before; 400 a body that is not a task object (problem details); 401 a missing or
    /// wrong secret (nothing read, no API call); 404 a task the API does not know; 409 a task the API still reports as
    /// <c>pending</c> or <c>processing</c> (not handled: the sender may deliver it again); 503 the API could not be
    /// read. When the handler throws, the delivery is forgotten, so a redelivery calls it again, and the exception
    /// propagates to the application's error handling (500). Needs <see cref="INanoBananaClient"/> in the services
    /// (<c>services.AddNanoBananaClient(...)</c>); uses the registered <see cref="INanoBananaCallbackStore"/>, or else an
    /// <see cref="InMemoryNanoBananaCallbackStore"/> of its own.
    /// </remarks>
    /// <param name="endpoints">The application or route group.</param>
    /// <param name="pattern">The route, such as <c>/hooks/nano-banana</c>.</param>
    /// <param name="handler">
    /// Called once per confirmed task and status, with the task as the API reports it and the request's context
    /// (<see cref="HttpContext.RequestAborted"/>, <see cref="HttpContext.RequestServices"/>). Keep it short (the sender
    /// waits for the answer): store the task or queue the work.
    /// </param>
    /// <param name="configure">Sets the endpoint's options (the shared secret), if any.</param>
    /// <returns>A builder to add conventions to the endpoint (rate limiting, host filtering, ...).</returns>
    /// <exception cref="ArgumentException">The options are not valid (a blank secret or query parameter name).</exception>
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

        var endpoint = new CallbackEndpoint(
            handler,
            options.Secret is { } secret ? new CallbackSecret(secret) : null,
            options.SecretQueryParameter,
            services.GetService<INanoBananaCallbackStore>() ?? new InMemoryNanoBananaCallbackStore(),
            (ILogger?)services.GetService<ILoggerFactory>()?.CreateLogger(LoggerCategory) ?? NullLogger.Instance);
        return endpoints.MapPost(pattern, (RequestDelegate)endpoint.HandleAsync).WithDisplayName("Nano Banana callback " + pattern);
    }
}

using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Http.Logging;
using Microsoft.Extensions.Logging;

namespace NanoBanana.Client;

/// <summary>
/// The HttpClient logging of every named client these packages register (the facade's and the Kiota package's, which
/// compiles this file in as shared source): the same categories, events and levels as IHttpClientFactory's own
/// per-attempt logger (<c>System.Net.Http.HttpClient.&lt;name&gt;.ClientHandler</c>: request and response at
/// Information, headers at Trace), but what it logs is redacted in the message and in the structured state alike.
/// </summary>
/// <remarks>
/// Why not the factory's own loggers with <c>RedactLoggedHeaders</c>: up to Microsoft.Extensions.Http 10.0.x they put
/// the header values, unredacted, in the log record's structured state (only the formatted message is redacted), so a
/// structured sink (OpenTelemetry, a JSON console) exported <c>Authorization: Bearer sk-...</c>. Here the header
/// values of <see cref="SensitiveHeaders"/> and every query string (download URLs may be signed) are replaced by
/// <c>*</c> before anything reaches a logger, whatever the Microsoft.Extensions.Http version.
/// </remarks>
internal static class RedactedHttpClientLogging
{
    /// <summary>Headers whose values are never logged.</summary>
    internal static readonly HashSet<string> SensitiveHeaders = new(StringComparer.OrdinalIgnoreCase)
    {
        "Authorization", "Proxy-Authorization", "Cookie", "Set-Cookie", "X-Api-Key",
    };

    /// <summary>Replaces the factory's loggers of this named client with the redacting one.</summary>
    public static IHttpClientBuilder UseRedactedLogging(this IHttpClientBuilder builder)
    {
        var name = builder.Name;
        return builder
            .RemoveAllLoggers()
            .AddLogger(services => new Logger(
                (services.GetService<ILoggerFactory>() ?? Microsoft.Extensions.Logging.Abstractions.NullLoggerFactory.Instance)
                    .CreateLogger($"System.Net.Http.HttpClient.{name}.ClientHandler")))
            // Should the host add the factory's default logger back, it still redacts the key in its messages.
            .RedactLoggedHeaders(SensitiveHeaders);
    }

    /// <summary>The URI as logged: its query string, if any, as <c>*</c>.</summary>
    internal static string? UriOf(HttpRequestMessage request)
    {
        var uri = request.RequestUri;
        if (uri is null) return null;
        if (!uri.IsAbsoluteUri) return uri.OriginalString.Split('?')[0] + (uri.OriginalString.Contains('?') ? "?*" : "");
        return uri.GetLeftPart(UriPartial.Path) + (uri.Query.Length > 0 ? "?*" : "");
    }

    /// <summary>
    /// The headers as logged, one per line: the values of <see cref="SensitiveHeaders"/> as <c>*</c>, and the request's
    /// own credential as <c>*</c> wherever else it appears (a server may echo it in a response header).
    /// </summary>
    internal static string HeadersOf(HttpRequestMessage request, IEnumerable<KeyValuePair<string, IEnumerable<string>>> headers, IEnumerable<KeyValuePair<string, IEnumerable<string>>>? contentHeaders)
    {
        var credential = request.Headers.Authorization?.Parameter;
        var text = new System.Text.StringBuilder();
        foreach (var (name, values) in contentHeaders is null ? headers : headers.Concat(contentHeaders))
        {
            var value = SensitiveHeaders.Contains(name) ? "*" : string.Join(", ", values);
            if (!string.IsNullOrEmpty(credential)) value = value.Replace(credential, "*", StringComparison.Ordinal);
            text.Append(name).Append(": ").Append(value).Append('\n');
        }
        return text.ToString();
    }

    private sealed class Logger(ILogger logger) : IHttpClientLogger
    {
        private static readonly Action<ILogger, string, string?, Exception?> RequestStart = LoggerMessage.Define<string, string?>(
            LogLevel.Information, new EventId(100, "RequestStart"), "Sending HTTP request {HttpMethod} {Uri}");
        private static readonly Action<ILogger, double, int, Exception?> RequestEnd = LoggerMessage.Define<double, int>(
            LogLevel.Information, new EventId(101, "RequestEnd"), "Received HTTP response headers after {ElapsedMilliseconds}ms - {StatusCode}");
        private static readonly Action<ILogger, string, Exception?> RequestHeaders = LoggerMessage.Define<string>(
            LogLevel.Trace, new EventId(102, "RequestHeader"), "Request Headers:\n{Headers}");
        private static readonly Action<ILogger, string, Exception?> ResponseHeaders = LoggerMessage.Define<string>(
            LogLevel.Trace, new EventId(103, "ResponseHeader"), "Response Headers:\n{Headers}");
        private static readonly Action<ILogger, double, Exception?> RequestFailed = LoggerMessage.Define<double>(
            LogLevel.Warning, new EventId(104, "RequestFailed"), "HTTP request failed after {ElapsedMilliseconds}ms");

        public object? LogRequestStart(HttpRequestMessage request)
        {
            RequestStart(logger, request.Method.Method, UriOf(request), null);
            if (logger.IsEnabled(LogLevel.Trace)) RequestHeaders(logger, HeadersOf(request, request.Headers, request.Content?.Headers), null);
            return null;
        }

        public void LogRequestStop(object? context, HttpRequestMessage request, HttpResponseMessage response, TimeSpan elapsed)
        {
            RequestEnd(logger, elapsed.TotalMilliseconds, (int)response.StatusCode, null);
            if (logger.IsEnabled(LogLevel.Trace)) ResponseHeaders(logger, HeadersOf(request, response.Headers, response.Content.Headers), null);
        }

        public void LogRequestFailed(object? context, HttpRequestMessage request, HttpResponseMessage? response, Exception exception, TimeSpan elapsed) =>
            RequestFailed(logger, elapsed.TotalMilliseconds, exception);
    }
}

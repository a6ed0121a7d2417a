using System.Diagnostics;
using System.Runtime.ExceptionServices;
using System.Security.Cryptography;

namespace NanoBanana.Client;

// Downloads of output images: another host than the API's, so never the API key; every hop under OutputUrlRule.
public sealed partial class NanoBananaClient
{
    /// <inheritdoc />
    public async Task<long> DownloadAsync(Uri outputUrl, Stream destination, CancellationToken cancellationToken = default)
    {
        CheckOutputUrl(outputUrl);
        ArgumentNullException.ThrowIfNull(destination);
        if (!destination.CanWrite) throw new ArgumentException("The destination stream must be writable.", nameof(destination));
        return (await DownloadCoreAsync(outputUrl, destination, cancellationToken).ConfigureAwait(false)).Length;
    }

    /// <inheritdoc />
    public async Task<SavedOutput> DownloadToFileAsync(Uri outputUrl, string path, CancellationToken cancellationToken = default)
    {
        CheckOutputUrl(outputUrl);
        ArgumentException.ThrowIfNullOrEmpty(path);
        var full = Path.GetFullPath(path);
        var folder = Path.GetDirectoryName(full)!;
        // A random name beside the destination, created exclusively: a file or link planted there in advance (or a
        // predictable name) is never opened, let alone followed.
        var temp = Path.Combine(folder, $".{Path.GetFileName(full)}.{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8))}.part");
        var created = false;
        try
        {
            (long Length, string ContentType) downloaded;
            var file = new FileStream(temp, new FileStreamOptions
            {
                Mode = FileMode.CreateNew,
                Access = FileAccess.Write,
                Share = FileShare.None,
                Options = FileOptions.Asynchronous,
                BufferSize = 81920,
            });
            created = true;
            await using (file.ConfigureAwait(false))
            {
                downloaded = await DownloadCoreAsync(outputUrl, file, cancellationToken).ConfigureAwait(false);
            }

            var final = ImageTypes.WithExtension(full, downloaded.ContentType);
            // A rename replaces whatever is at the destination (a link included) without following it.
            File.Move(temp, final, overwrite: true);
            return new SavedOutput(final, downloaded.Length, downloaded.ContentType);
        }
        catch
        {
            if (created) File.Delete(temp);
            throw;
        }
    }

    /// <summary>One download, retries included, within <see cref="NanoBananaClientOptions.DownloadDeadline"/>; returns the bytes written and the image type.</summary>
    private async Task<(long Length, string ContentType)> DownloadCoreAsync(Uri outputUrl, Stream destination, CancellationToken cancellationToken)
    {
        using var activity = NanoBananaTelemetry.ActivitySource.StartActivity("NanoBanana download", ActivityKind.Client);
        var start = destination.CanSeek ? destination.Position : -1;
        using var deadline = new CancellationTokenSource(_downloadDeadline, _time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, deadline.Token);
        try
        {
            return await _pipelines.Download.ExecuteAsync(
                static (state, ct) => state.Client.DownloadAttemptAsync(state.Url, state.Destination, state.Start, ct),
                (Client: this, Url: outputUrl, Destination: destination, Start: start), linked.Token).ConfigureAwait(false);
        }
        catch (DestinationWriteException ex)
        {
            // The destination's own failure (a full disk) is the caller's, not the network's: rethrown as it was.
            activity?.SetStatus(ActivityStatusCode.Error, ex.InnerException!.GetType().Name);
            ExceptionDispatchInfo.Throw(ex.InnerException!);
            throw;
        }
        catch (OperationCanceledException ex) when (deadline.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            throw Failed(new NanoBananaNetworkException($"download: not finished within {_downloadDeadline} (DownloadDeadline), retries included.",
                requestNotSent: false, isTimeout: true, ex, transient: false), "download", activity);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            throw Failed(ErrorMapper.Map(ex, null, "download", Redactor), "download", activity);
        }
    }

    private async ValueTask<(long Length, string ContentType)> DownloadAttemptAsync(Uri url, Stream destination, long start, CancellationToken cancellationToken)
    {
        _metrics.Requests.Add(1, NanoBananaTelemetry.DownloadTag);
        if (start >= 0 && destination.Position != start)
        {
            destination.Position = start;
            destination.SetLength(start);
        }

        using var response = await SendFollowingRedirectsAsync(url, cancellationToken).ConfigureAwait(false);
        var status = (int)response.StatusCode;
        if (status is < 200 or >= 300)
        {
            var body = await ReadExcerptAsync(response, cancellationToken).ConfigureAwait(false);
            throw new NanoBananaException($"download: HTTP {status} from the output host.", status,
                retryAfter: ApiCallScope.RetryAfterOf(response.Headers.RetryAfter, _time.GetUtcNow()), responseExcerpt: Redactor.Redact(body));
        }

        var contentType = response.Content.Headers.ContentType?.MediaType;
        if (ImageTypes.ExtensionOf(contentType) is null)
        {
            throw new NanoBananaException(
                $"download: the output host answered {(contentType is null ? "without a content type" : "'" + Redactor.Sanitize(contentType) + "'")}, not an image ({ImageTypes.Listed}).", status)
            {
                Class = FailureClassifier.Final,
            };
        }

        if (response.Content.Headers.ContentLength > _maxDownloadBytes)
        {
            throw new NanoBananaException($"download: the image is larger than MaxDownloadBytes ({_maxDownloadBytes}).", status);
        }

        long written = 0;
        try
        {
            using var source = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
            var buffer = System.Buffers.ArrayPool<byte>.Shared.Rent(81920);
            try
            {
                int n;
                while ((n = await source.ReadAsync(buffer, cancellationToken).ConfigureAwait(false)) > 0)
                {
                    written += n;
                    if (written > _maxDownloadBytes)
                    {
                        throw new NanoBananaException($"download: the image is larger than MaxDownloadBytes ({_maxDownloadBytes}).", status);
                    }

                    try
                    {
                        await destination.WriteAsync(buffer.AsMemory(0, n), cancellationToken).ConfigureAwait(false);
                    }
                    catch (Exception ex) when (ex is not OperationCanceledException)
                    {
                        throw new DestinationWriteException(ex);
                    }
                }
            }
            finally
            {
                System.Buffers.ArrayPool<byte>.Shared.Return(buffer);
            }
        }
        catch (Exception ex) when (ex is (HttpRequestException or IOException) && !cancellationToken.IsCancellationRequested)
        {
            // Bytes already written to a stream that cannot rewind cannot be taken back: do not retry then.
            throw new NanoBananaNetworkException("download: the connection failed while reading the image.", requestNotSent: false, isTimeout: false, ex,
                transient: start >= 0 || written == 0);
        }

        return (written, contentType!);
    }

    /// <summary>
    /// Sends the download request, following at most <see cref="OutputUrlRule.MaxRedirects"/> redirects, each hop
    /// checked by <see cref="OutputUrlRule"/> before it is requested. A plain request: no Authorization header.
    /// </summary>
    private async Task<HttpResponseMessage> SendFollowingRedirectsAsync(Uri url, CancellationToken cancellationToken)
    {
        for (var redirects = 0; ; redirects++)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, url);
            request.Options.Set(OutputUrlRule.AllowPrivateNetworks, _allowPrivateNetworkDownloads);
            HttpResponseMessage response;
            try
            {
                response = await _downloadClient.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
            }
            catch (HttpRequestException ex) when (FindRefusal(ex) is { } refused)
            {
                throw Refused($"download: the output host {url.IdnHost} is refused: {refused}", null, ex);
            }
            catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                throw ErrorMapper.Map(ex, null, "download", Redactor);
            }

            // A supplied HttpClient may follow redirects itself: where it ended is held to the same rule.
            if (response.RequestMessage?.RequestUri is { } reached && reached != url && OutputUrlRule.Check(reached, _allowPrivateNetworkDownloads) is { } reason)
            {
                response.Dispose();
                throw Refused($"download: the redirect to {reached.GetLeftPart(UriPartial.Authority)} is refused: {reason}", null, null);
            }

            var status = (int)response.StatusCode;
            if (status is not (301 or 302 or 303 or 307 or 308) || response.Headers.Location is not { } location) return response;
            response.Dispose();
            if (redirects == OutputUrlRule.MaxRedirects)
            {
                throw Refused($"download: more than {OutputUrlRule.MaxRedirects} redirects.", status, null);
            }

            var next = location.IsAbsoluteUri ? location : new Uri(url, location);
            if (OutputUrlRule.Check(next, _allowPrivateNetworkDownloads) is { } refusal)
            {
                throw Refused($"download: the redirect to {Redactor.Sanitize(next.IsAbsoluteUri ? next.GetLeftPart(UriPartial.Authority) : next.OriginalString)} is refused: {refusal}", status, null);
            }

            url = next;
        }
    }

    private static string? FindRefusal(Exception? exception)
    {
        for (var e = exception; e is not null; e = e.InnerException)
        {
            if (e is HttpRequestException { HttpRequestError: HttpRequestError.ConnectionError } refused && refused.Message.StartsWith("The download host", StringComparison.Ordinal)) return refused.Message;
        }

        return null;
    }

    private static NanoBananaException Refused(string message, int? status, Exception? inner) =>
        new(message, status, innerException: inner) { Class = FailureClassifier.Final };

    private static async Task<string?> ReadExcerptAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        try
        {
            using var stream = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
            var buffer = new byte[ApiCallScope.ExcerptBytes];
            var total = 0;
            int n;
            while (total < buffer.Length && (n = await stream.ReadAsync(buffer.AsMemory(total), cancellationToken).ConfigureAwait(false)) > 0) total += n;
            return System.Text.Encoding.UTF8.GetString(buffer, 0, total);
        }
        catch (Exception ex) when (ex is HttpRequestException or IOException)
        {
            return null;
        }
    }

    private void CheckOutputUrl(Uri outputUrl)
    {
        ArgumentNullException.ThrowIfNull(outputUrl);
        if (OutputUrlRule.Check(outputUrl, _allowPrivateNetworkDownloads) is { } reason)
        {
            throw new ArgumentException($"The output URL is refused: {reason}.", nameof(outputUrl));
        }
    }

    /// <summary>Carries a failed write to the caller's destination through the retry pipeline, which neither retries nor maps it.</summary>
    private sealed class DestinationWriteException(Exception inner) : Exception(inner.Message, inner);
}

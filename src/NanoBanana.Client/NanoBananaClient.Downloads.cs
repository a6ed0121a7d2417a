using System.Diagnostics;
using System.Runtime.ExceptionServices;

namespace NanoBanana.Client;

// Downloads of output images: another host than the API's, so never the API key.
public sealed partial class NanoBananaClient
{
    /// <inheritdoc />
    public async Task<long> DownloadAsync(Uri outputUrl, Stream destination, CancellationToken cancellationToken = default)
    {
        CheckOutputUrl(outputUrl);
        ArgumentNullException.ThrowIfNull(destination);
        if (!destination.CanWrite) throw new ArgumentException("The destination stream must be writable.", nameof(destination));

        using var activity = NanoBananaTelemetry.ActivitySource.StartActivity("NanoBanana download", ActivityKind.Client);
        var start = destination.CanSeek ? destination.Position : -1;
        try
        {
            return await _pipelines.Download.ExecuteAsync(
                static (state, ct) => state.Client.DownloadAttemptAsync(state.Url, state.Destination, state.Start, ct),
                (Client: this, Url: outputUrl, Destination: destination, Start: start), cancellationToken).ConfigureAwait(false);
        }
        catch (DestinationWriteException ex)
        {
            // The destination's own failure (a full disk) is the caller's, not the network's: rethrown as it was.
            activity?.SetStatus(ActivityStatusCode.Error, ex.InnerException!.GetType().Name);
            ExceptionDispatchInfo.Throw(ex.InnerException!);
            throw;
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            throw Failed(ErrorMapper.Map(ex, null, "download", Redactor), "download", activity);
        }
    }

    /// <inheritdoc />
    public async Task<long> DownloadToFileAsync(Uri outputUrl, string path, CancellationToken cancellationToken = default)
    {
        CheckOutputUrl(outputUrl);
        ArgumentException.ThrowIfNullOrEmpty(path);
        var full = Path.GetFullPath(path);
        var partial = full + ".part";
        try
        {
            long written;
            var file = new FileStream(partial, FileMode.Create, FileAccess.Write, FileShare.None, 81920, useAsync: true);
            await using (file.ConfigureAwait(false))
            {
                written = await DownloadAsync(outputUrl, file, cancellationToken).ConfigureAwait(false);
            }

            File.Move(partial, full, overwrite: true);
            return written;
        }
        catch
        {
            File.Delete(partial);
            throw;
        }
    }

    private async ValueTask<long> DownloadAttemptAsync(Uri url, Stream destination, long start, CancellationToken cancellationToken)
    {
        _metrics.Requests.Add(1, NanoBananaTelemetry.DownloadTag);
        if (start >= 0 && destination.Position != start)
        {
            destination.Position = start;
            destination.SetLength(start);
        }

        // A plain request: no Authorization header, whatever host the URL names.
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        HttpResponseMessage response;
        try
        {
            response = await _downloadClient.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            throw ErrorMapper.Map(ex, null, "download", Redactor);
        }

        using (response)
        {
            var status = (int)response.StatusCode;
            if (status is < 200 or >= 300)
            {
                var body = await ReadExcerptAsync(response, cancellationToken).ConfigureAwait(false);
                throw new NanoBananaException($"download: HTTP {status} from the output host.", status,
                    retryAfter: ApiCallScope.RetryAfterOf(response.Headers.RetryAfter, _time.GetUtcNow()), responseExcerpt: Redactor.Redact(body));
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

            return written;
        }
    }

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

    private static void CheckOutputUrl(Uri outputUrl)
    {
        ArgumentNullException.ThrowIfNull(outputUrl);
        if (!HttpsOrLoopback.Allows(outputUrl))
        {
            throw new ArgumentException("The output URL must be an absolute https URL (http only on a loopback address).", nameof(outputUrl));
        }
    }

    /// <summary>Carries a failed write to the caller's destination through the retry pipeline, which neither retries nor maps it.</summary>
    private sealed class DestinationWriteException(Exception inner) : Exception(inner.Message, inner);
}

using NanoBanana.Client;

namespace NanoBanana.Cli;

/// <summary>Downloads a completed task's outputs into a folder, named after the task.</summary>
internal static class OutputFiles
{
    /// <summary>
    /// Saves every output of <paramref name="result"/> into <paramref name="folder"/> (created if missing) as
    /// <c>TASK_ID.ext</c>, or <c>TASK_ID-N.ext</c> when there are several; returns the full paths in output order.
    /// </summary>
    public static async Task<IReadOnlyList<string>> DownloadAsync(NanoBananaClient client, GenerationResult result, string folder, ITaskProgress progress, CancellationToken cancellationToken)
    {
        var urls = result.OutputUrls;
        Directory.CreateDirectory(folder);
        var paths = new List<string>(urls.Count);
        for (var i = 0; i < urls.Count; i++)
        {
            var path = Path.Combine(folder, FileName(result.TaskId, urls[i], i, urls.Count));
            progress.Step(urls.Count == 1 ? "downloading the output" : $"downloading output {i + 1} of {urls.Count}");
            // The saved file's extension follows the image's content type, not the URL.
            paths.Add((await client.DownloadToFileAsync(urls[i], path, cancellationToken).ConfigureAwait(false)).Path);
        }

        return paths;
    }

    /// <summary><c>TASK_ID.png</c>, <c>TASK_ID-2.jpg</c>: the extension is the URL's when it has a plain one, else <c>.png</c>.</summary>
    public static string FileName(string taskId, Uri url, int index, int count)
    {
        var extension = Path.GetExtension(url.AbsolutePath);
        if (extension.Length is < 2 or > 6 || !extension[1..].All(char.IsAsciiLetterOrDigit)) extension = ".png";
        var safeId = string.Concat(taskId.Select(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' ? c : '_'));
        return count == 1 ? safeId + extension.ToLowerInvariant() : $"{safeId}-{index + 1}{extension.ToLowerInvariant()}";
    }
}

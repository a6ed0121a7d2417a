using NanoBanana.Client;

namespace NanoBanana.Consumer.Tests;

/// <summary>The code under test: a consumer's service that generates a poster and saves it.</summary>
public sealed class PosterService(INanoBananaClient client)
{
    /// <summary>What became of a poster.</summary>
    public sealed record Outcome(string? Path, string? TaskId, string? Problem);

    public async Task<Outcome> DrawAsync(string prompt, string folder, CancellationToken cancellationToken)
    {
        try
        {
            var result = await client.GenerateAsync(prompt, new GenerationOptions { AspectRatio = AspectRatio.Landscape16x9 },
                cancellationToken: cancellationToken);
            var path = System.IO.Path.Combine(folder, result.TaskId + ".png");
            var saved = await client.DownloadToFileAsync(result.OutputUrls[0], path, cancellationToken);
            return new Outcome(saved.Path, result.TaskId, null);
        }
        catch (NanoBananaGenerationCanceledException e)
        {
            // The task exists and is billed: keep its id to pick it up later instead of paying again.
            return new Outcome(null, e.TaskId, "canceled");
        }
        catch (NanoBananaException e) when (e.Category == NanoBananaFailureCategory.Billing)
        {
            return new Outcome(null, null, "top up");
        }
        catch (NanoBananaTaskFailedException e)
        {
            return new Outcome(null, e.TaskId, "failed: " + e.Task.Error?.Code);
        }
    }
}

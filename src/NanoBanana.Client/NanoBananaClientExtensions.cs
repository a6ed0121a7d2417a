namespace NanoBanana.Client;

/// <summary>
/// The conveniences of <see cref="INanoBananaClient"/>, written once over its seven calls: they work the same on the
/// client and on any fake of the interface.
/// </summary>
public static class NanoBananaClientExtensions
{
    /// <summary>Starts a generation from a prompt (text-to-image, or an edit with <see cref="GenerationOptions.ImageUrls"/>).</summary>
    /// <param name="client">The client.</param>
    /// <param name="prompt">What to generate (1 to 20000 characters).</param>
    /// <param name="options">Aspect ratio, input images, callback URL; null for the API's defaults.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The operation.</returns>
    public static Task<GenerationOperation> StartGenerationAsync(this INanoBananaClient client, string prompt, GenerationOptions? options = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(client);
        return client.StartGenerationAsync(GenerationRequest.FromPrompt(prompt, options), cancellationToken);
    }

    /// <summary>
    /// Generates an image: <see cref="INanoBananaClient.StartGenerationAsync(GenerationRequest, CancellationToken)"/>, then
    /// <see cref="GenerationOperation.WaitForCompletionAsync"/>. Canceled after the create, it throws
    /// <see cref="NanoBananaGenerationCanceledException"/>, which names the task: it exists and is billed.
    /// </summary>
    /// <param name="client">The client.</param>
    /// <param name="request">The generation request.</param>
    /// <param name="timeout">How long to wait for completion; null for <see cref="NanoBananaClientOptions.DefaultWaitTimeout"/>.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The completed task and its output URLs.</returns>
    public static async Task<GenerationResult> GenerateAsync(this INanoBananaClient client, GenerationRequest request, TimeSpan? timeout = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(client);
        if (timeout is { } t && t <= TimeSpan.Zero) throw new ArgumentOutOfRangeException(nameof(timeout), t, "The timeout must be positive.");
        var operation = await client.StartGenerationAsync(request, cancellationToken).ConfigureAwait(false);
        try
        {
            return await operation.WaitForCompletionAsync(timeout, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException e) when (cancellationToken.IsCancellationRequested && e is not NanoBananaGenerationCanceledException)
        {
            // The task exists and is billed: a bare cancellation would lose its id, and a caller who retried would pay twice.
            throw new NanoBananaGenerationCanceledException(operation.TaskId, e, cancellationToken);
        }
    }

    /// <summary>Generates an image from a prompt: start, then wait (see <see cref="GenerateAsync(INanoBananaClient, GenerationRequest, TimeSpan?, CancellationToken)"/>).</summary>
    /// <param name="client">The client.</param>
    /// <param name="prompt">What to generate (1 to 20000 characters).</param>
    /// <param name="options">Aspect ratio, input images, callback URL; null for the API's defaults.</param>
    /// <param name="timeout">How long to wait for completion; null for <see cref="NanoBananaClientOptions.DefaultWaitTimeout"/>.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The completed task and its output URLs.</returns>
    public static Task<GenerationResult> GenerateAsync(this INanoBananaClient client, string prompt, GenerationOptions? options = null, TimeSpan? timeout = null,
        CancellationToken cancellationToken = default) =>
        client.GenerateAsync(GenerationRequest.FromPrompt(prompt, options), timeout, cancellationToken);

}

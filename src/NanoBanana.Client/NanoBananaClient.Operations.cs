namespace NanoBanana.Client;

// Generations as operations: start one, wait for one, resume one from its id.
public sealed partial class NanoBananaClient
{
    /// <inheritdoc />
    public Task<GenerationOperation> StartGenerationAsync(string prompt, GenerationOptions? options = null, CancellationToken cancellationToken = default) =>
        StartGenerationAsync(GenerationRequest.FromPrompt(prompt, options), cancellationToken);

    /// <inheritdoc />
    public async Task<GenerationResult> GenerateAsync(GenerationRequest request, TimeSpan? timeout = null, CancellationToken cancellationToken = default)
    {
        CheckTimeout(timeout);
        var operation = await StartGenerationAsync(request, cancellationToken).ConfigureAwait(false);
        return await operation.WaitForCompletionAsync(timeout, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public Task<GenerationResult> GenerateAsync(string prompt, GenerationOptions? options = null, TimeSpan? timeout = null, CancellationToken cancellationToken = default) =>
        GenerateAsync(GenerationRequest.FromPrompt(prompt, options), timeout, cancellationToken);

    /// <inheritdoc />
    public GenerationOperation ResumeGeneration(string taskId)
    {
        GenerationRequestValidator.ValidateTaskId(taskId);
        return new GenerationOperation(this, taskId, createdAt: null, callbackExpected: ExpectsCallbacks);
    }

    internal TimeProvider Time => _time;

    internal Microsoft.Extensions.Logging.ILogger Logger => _logger;

    internal PollingSchedule Schedule => _schedule;

    internal TimeSpan RequestTimeout => _requestTimeout;

    internal NanoBananaMetrics Metrics => _metrics;

    internal TimeSpan DefaultWaitTimeout => _defaultWaitTimeout;

    internal static void CheckTimeout(TimeSpan? timeout)
    {
        if (timeout is { } t && t <= TimeSpan.Zero) throw new ArgumentOutOfRangeException(nameof(timeout), t, "The timeout must be positive.");
    }
}

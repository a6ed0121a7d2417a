namespace NanoBanana.Client;

// Generations as operations: resume one from its id; the client's state the operations read.
public sealed partial class NanoBananaClient
{
    /// <inheritdoc />
    public GenerationOperation ResumeGeneration(string taskId)
    {
        GenerationRequestValidator.ValidateTaskId(taskId);
        return new PollingGenerationOperation(this, taskId, createdAt: null, callbackExpected: ExpectsCallbacks);
    }

    internal TimeProvider Time => _time;

    internal Microsoft.Extensions.Logging.ILogger Logger => _logger;

    internal PollingSchedule Schedule => _schedule;

    internal TimeSpan RequestTimeout => _requestTimeout;

    internal NanoBananaMetrics Metrics => _metrics;

    internal TimeSpan DefaultWaitTimeout => _defaultWaitTimeout;
}

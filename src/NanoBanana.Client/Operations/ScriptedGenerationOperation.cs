using System.Runtime.CompilerServices;

namespace NanoBanana.Client;

/// <summary>
/// An operation that plays given task states, one per read, without a client or a clock: what
/// <see cref="NanoBananaModelFactory.GenerationOperation"/> returns for a consumer's tests. A wait reads until a state
/// is final; a script that ends unfinished times the wait out, as a task that never finished would.
/// </summary>
internal sealed class ScriptedGenerationOperation : GenerationOperation
{
    private readonly object _gate = new();
    private readonly Queue<GenerationTask> _next;
    private GenerationTask? _last;

    public ScriptedGenerationOperation(string taskId, GenerationTask? lastKnownTask, IEnumerable<GenerationTask> updates)
    {
        TaskId = taskId;
        _last = lastKnownTask;
        _next = new Queue<GenerationTask>(updates);
    }

    public override string TaskId { get; }

    public override GenerationTask? LastKnownTask
    {
        get { lock (_gate) return _last; }
    }

    public override ValueTask<GenerationTask> UpdateStatusAsync(CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return ValueTask.FromResult(Read() ?? throw new InvalidOperationException(
            $"The test operation of task {TaskId} has no state to report: give it a last known task or updates."));
    }

    public override async Task<GenerationResult> WaitForCompletionAsync(TimeSpan? timeout = null, CancellationToken cancellationToken = default)
    {
        CheckTimeout(timeout);
        GenerationTask? last = LastKnownTask;
        if (last is null || !IsFinished(last.Status))
        {
            await foreach (var task in Follow(timeout, cancellationToken).ConfigureAwait(false)) last = task;
        }

        return Finish(last!);
    }

    public override IAsyncEnumerable<GenerationTask> WatchAsync(TimeSpan? timeout = null, CancellationToken cancellationToken = default)
    {
        CheckTimeout(timeout);
        return Follow(timeout, cancellationToken);
    }

    private async IAsyncEnumerable<GenerationTask> Follow(TimeSpan? timeout, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await Task.CompletedTask.ConfigureAwait(false);
        GenerationTaskStatus? lastYielded = null;
        double? lastProgress = null;
        var task = LastKnownTask is { } known && IsFinished(known.Status) ? known : Read();
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            // As the client's operation: a change of status or of progress is news to a watcher.
            if (task is not null && (task.Status != lastYielded || task.Progress != lastProgress))
            {
                lastYielded = task.Status;
                lastProgress = task.Progress;
                yield return task;
            }

            if (task is not null && IsFinished(task.Status)) yield break;
            var next = Read(onlyNew: true);
            if (next is null) throw new NanoBananaWaitTimeoutException(TaskId, timeout ?? TimeSpan.FromMinutes(10), LastKnownTask?.Status);
            task = next;
        }
    }

    /// <summary>The next scripted state (it becomes the last known one), or the last known one when the script is spent.</summary>
    private GenerationTask? Read(bool onlyNew = false)
    {
        lock (_gate)
        {
            if (_next.TryDequeue(out var next)) return _last = next;
            return onlyNew ? null : _last;
        }
    }
}

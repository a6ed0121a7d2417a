namespace NanoBanana.Client;

/// <summary>
/// The waits of one client, by task id, and the tasks confirmed finished lately: a confirmed callback (this process's
/// or, through an <see cref="INanoBananaTaskNotifier"/>, another's) completes every wait on its task at once. A task
/// confirmed before its wait began is remembered (the last <see cref="RecentCapacity"/>), so the wait ends at once.
/// </summary>
internal sealed class TaskWakeups
{
    /// <summary>How many finished tasks are remembered for waits that begin after the callback.</summary>
    public const int RecentCapacity = 4096;

    private readonly Dictionary<string, List<TaskWatch>> _watches = new(StringComparer.Ordinal);
    private readonly Dictionary<string, GenerationTask> _recent = new(StringComparer.Ordinal);
    private readonly Queue<string> _recentOrder = new();
    private readonly Lock _lock = new();

    /// <summary>Starts watching <paramref name="taskId"/>; dispose the watch when the wait ends.</summary>
    public TaskWatch Watch(string taskId)
    {
        var watch = new TaskWatch(this, taskId);
        lock (_lock)
        {
            if (!_watches.TryGetValue(taskId, out var list)) _watches[taskId] = list = [];
            list.Add(watch);
            if (_recent.TryGetValue(taskId, out var known)) watch.Fire(known);
        }

        return watch;
    }

    /// <summary>
    /// The task finished (as the API confirmed it): every wait on it completes with it. A notice without outputs for a
    /// completed task (too large to carry whole) makes the waits read the task at once instead.
    /// </summary>
    public void Finished(GenerationTask task)
    {
        if (string.IsNullOrEmpty(task.Id) || !GenerationOperation.IsFinished(task.Status)) return;
        var whole = task.Status == GenerationTaskStatus.Failed || task.Output?.Urls is { Count: > 0 };
        lock (_lock)
        {
            if (whole && !_recent.ContainsKey(task.Id))
            {
                _recent[task.Id] = task;
                _recentOrder.Enqueue(task.Id);
                if (_recentOrder.Count > RecentCapacity) _recent.Remove(_recentOrder.Dequeue());
            }

            if (_watches.TryGetValue(task.Id, out var list))
            {
                foreach (var watch in list) watch.Fire(whole ? task : null);
            }
        }
    }

    private void Remove(TaskWatch watch)
    {
        lock (_lock)
        {
            if (!_watches.TryGetValue(watch.TaskId, out var list)) return;
            list.Remove(watch);
            if (list.Count == 0) _watches.Remove(watch.TaskId);
        }
    }

    /// <summary>One wait's view: <see cref="Signal"/> completes with the finished task, or with null for "read it now".</summary>
    internal sealed class TaskWatch(TaskWakeups owner, string taskId) : IDisposable
    {
        private TaskCompletionSource<GenerationTask?> _signal = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public string TaskId { get; } = taskId;

        public Task<GenerationTask?> Signal => Volatile.Read(ref _signal).Task;

        /// <summary>After a "read it now" was acted on: wait for the next signal.</summary>
        public void Rearm()
        {
            var current = Volatile.Read(ref _signal);
            if (current.Task.IsCompleted && current.Task.Result is null)
            {
                Interlocked.CompareExchange(ref _signal, new(TaskCreationOptions.RunContinuationsAsynchronously), current);
            }
        }

        public void Fire(GenerationTask? task) => Volatile.Read(ref _signal).TrySetResult(task);

        public void Dispose() => owner.Remove(this);
    }
}

using System.Text;

namespace NanoBanana.Simulator;

/// <summary>POSTs finished tasks to their <c>callback_url</c> and keeps a record of every delivery, for tests to wait on.</summary>
internal sealed class CallbackSender : IDisposable
{
    private readonly List<CallbackDelivery> _sent = [];
    private readonly List<(int Count, TaskCompletionSource Done)> _waiters = [];
    private readonly HttpClient _client = new() { Timeout = TimeSpan.FromSeconds(10) };

    /// <summary>The callbacks sent so far, in order (delivered or not).</summary>
    public IReadOnlyList<CallbackDelivery> Sent
    {
        get
        {
            lock (_sent) return _sent.ToArray();
        }
    }

    /// <summary>Completes when at least <paramref name="count"/> callbacks have been sent.</summary>
    public Task WaitForAsync(int count, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        lock (_sent)
        {
            if (_sent.Count >= count) return Task.CompletedTask;
            var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            _waiters.Add((count, done));
            return done.Task.WaitAsync(cancellationToken);
        }
    }

    /// <summary>
    /// Sends <paramref name="body"/> (the task object, announcing <paramref name="status"/>) and records the outcome;
    /// a simulator that stops (<paramref name="stopping"/> canceled or disposed) records a failed delivery.
    /// </summary>
    public async Task SendAsync(string taskId, Uri url, string status, string body, CancellationTokenSource stopping)
    {
        CallbackDelivery delivery;
        try
        {
            using var content = new StringContent(body, Encoding.UTF8, "application/json");
            using var response = await _client.PostAsync(url, content, stopping.Token).ConfigureAwait(false);
            delivery = new CallbackDelivery(taskId, url, status, body, (int)response.StatusCode, null);
        }
        catch (Exception e) when (e is HttpRequestException or OperationCanceledException or ObjectDisposedException)
        {
            delivery = new CallbackDelivery(taskId, url, status, body, null, e.Message);
        }

        Record(delivery);
    }

    /// <summary>Records a callback the simulator chose to lose (<see cref="SimulatorOptions.CallbackLossRate"/>): never sent.</summary>
    public void RecordLost(string taskId, Uri url, string status, string body) =>
        Record(new CallbackDelivery(taskId, url, status, body, null, "lost: not sent (SimulatorOptions.CallbackLossRate)"));

    private void Record(CallbackDelivery delivery)
    {
        lock (_sent)
        {
            _sent.Add(delivery);
            for (var i = _waiters.Count - 1; i >= 0; i--)
            {
                if (_sent.Count < _waiters[i].Count) continue;
                _waiters[i].Done.TrySetResult();
                _waiters.RemoveAt(i);
            }
        }
    }

    public void Dispose() => _client.Dispose();
}

using System.Text;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using NanoBanana.Client;
using Npgsql;

namespace NanoBanana.Postgres;

/// <summary>
/// The <see cref="INanoBananaTaskNotifier"/> of a fleet on PostgreSQL: a confirmed task is published with
/// <c>pg_notify</c> on the channel <see cref="Channel"/> (the task's JSON; only its id and status when it would not
/// fit a notice), and one connection per process LISTENs on it. When that connection drops (the database restarted),
/// it reconnects with a growing pause; notices sent meanwhile are missed, and the waits they would have ended fall
/// back on their safety polls (<see cref="NanoBananaPollingOptions.CallbackFallbackInterval"/>).
/// </summary>
public sealed class PostgresTaskNotifier : INanoBananaTaskNotifier, IAsyncDisposable, IDisposable
{
    /// <summary>The channel the notices go on.</summary>
    public const string Channel = "nanobanana_task_finished";

    // PostgreSQL's limit is 8000 bytes per payload.
    private const int MaxPayloadBytes = 7900;

    private readonly NpgsqlDataSource _dataSource;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly List<Action<GenerationTask>> _subscribers = [];
    private readonly Lock _lock = new();
    private readonly CancellationTokenSource _stopping = new();
    private TaskCompletionSource _listening = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private TaskCompletionSource _connected = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _connections;
    private Task? _loop;

    /// <summary>Creates a notifier on <paramref name="dataSource"/>; it starts listening at the first subscription.</summary>
    /// <param name="dataSource">The database every replica shares.</param>
    /// <param name="logger">Where reconnections are logged, or null.</param>
    /// <param name="timeProvider">The clock of the reconnection pauses, or null for the system clock.</param>
    public PostgresTaskNotifier(NpgsqlDataSource dataSource, ILogger<PostgresTaskNotifier>? logger = null, TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(dataSource);
        _dataSource = dataSource;
        _logger = (ILogger?)logger ?? NullLogger.Instance;
        _time = timeProvider ?? TimeProvider.System;
    }

    /// <inheritdoc />
    public async ValueTask PublishAsync(GenerationTask task, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(task);
        var payload = TaskCallback.ToJson(task);
        if (Encoding.UTF8.GetByteCount(payload) > MaxPayloadBytes)
        {
            payload = TaskCallback.ToJson(new GenerationTask { Id = task.Id, Status = task.Status });
        }

        await using var command = _dataSource.CreateCommand("SELECT pg_notify(@channel, @payload)");
        command.Parameters.AddWithValue("channel", Channel);
        command.Parameters.AddWithValue("payload", payload);
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public IDisposable Subscribe(Action<GenerationTask> finished)
    {
        ArgumentNullException.ThrowIfNull(finished);
        lock (_lock)
        {
            _subscribers.Add(finished);
            _loop ??= Task.Run(() => ListenAsync(_stopping.Token));
        }

        return new Subscription(this, finished);
    }

    /// <summary>Completes once the notifier is listening (after a subscription; again after each reconnection).</summary>
    /// <param name="cancellationToken">Stops waiting.</param>
    public Task WhenListeningAsync(CancellationToken cancellationToken = default)
    {
        lock (_lock) return _listening.Task.WaitAsync(cancellationToken);
    }

    /// <summary>Completes once the listening connection has been made <paramref name="times"/> times (reconnections count).</summary>
    internal async Task WhenConnectedAsync(int times, CancellationToken cancellationToken)
    {
        while (true)
        {
            Task next;
            lock (_lock)
            {
                if (_connections >= times) return;
                next = _connected.Task;
            }

            await next.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        if (_stopping.IsCancellationRequested) return;
        await _stopping.CancelAsync().ConfigureAwait(false);
        Task? loop;
        lock (_lock) loop = _loop;
        if (loop is not null)
        {
            try
            {
                await loop.ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
            }
        }

        _stopping.Dispose();
    }

    /// <inheritdoc />
    public void Dispose() => DisposeAsync().AsTask().GetAwaiter().GetResult();

    private async Task ListenAsync(CancellationToken stopping)
    {
        var pause = TimeSpan.FromMilliseconds(200);
        while (!stopping.IsCancellationRequested)
        {
            try
            {
                await using var connection = await _dataSource.OpenConnectionAsync(stopping).ConfigureAwait(false);
                connection.Notification += (_, e) => Dispatch(e.Payload);
                await using (var listen = new NpgsqlCommand($"LISTEN {Channel}", connection))
                {
                    await listen.ExecuteNonQueryAsync(stopping).ConfigureAwait(false);
                }

                lock (_lock)
                {
                    _listening.TrySetResult();
                    _connections++;
                    var connected = _connected;
                    _connected = new(TaskCreationOptions.RunContinuationsAsynchronously);
                    connected.TrySetResult();
                }

                pause = TimeSpan.FromMilliseconds(200);
                while (true) await connection.WaitAsync(stopping).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (stopping.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e) when (e is NpgsqlException or IOException or System.Net.Sockets.SocketException or InvalidOperationException or TimeoutException)
            {
                lock (_lock)
                {
                    if (_listening.Task.IsCompleted) _listening = new(TaskCreationOptions.RunContinuationsAsynchronously);
                }

                Log.ListenFailed(_logger, pause, e);
                try
                {
                    await Task.Delay(pause, _time, stopping).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    return;
                }

                pause = pause * 2 > TimeSpan.FromSeconds(5) ? TimeSpan.FromSeconds(5) : pause * 2;
            }
        }
    }

    private void Dispatch(string payload)
    {
        GenerationTask task;
        try
        {
            task = TaskCallback.Parse(payload);
        }
        catch (NanoBananaCallbackException e)
        {
            Log.BadNotice(_logger, e.Message);
            return;
        }

        Action<GenerationTask>[] subscribers;
        lock (_lock) subscribers = [.. _subscribers];
        foreach (var subscriber in subscribers)
        {
            try
            {
                subscriber(task);
            }
            catch (Exception e)
            {
                Log.SubscriberFailed(_logger, task.Id, e);
            }
        }
    }

    private sealed class Subscription(PostgresTaskNotifier owner, Action<GenerationTask> finished) : IDisposable
    {
        public void Dispose()
        {
            lock (owner._lock) owner._subscribers.Remove(finished);
        }
    }
}

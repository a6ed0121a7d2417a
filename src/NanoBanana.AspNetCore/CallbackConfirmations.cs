using System.Collections.Concurrent;
using NanoBanana.Client;

namespace NanoBanana.AspNetCore;

/// <summary>
/// Bounds the API calls deliveries cause, so that whoever finds the URL cannot spend the account's rate limit:
/// confirmations of one task id share one call (single flight), at most <see cref="NanoBananaCallbackOptions.MaxConfirmationsInFlight"/>
/// run at once, each is one attempt with <see cref="NanoBananaCallbackOptions.ConfirmationTimeout"/>, and ids the API
/// said do not exist are answered from memory for <see cref="NanoBananaCallbackOptions.UnknownTaskMemory"/>. Deliveries
/// this process saw handled are remembered too, so replays of a handled callback make no API call at all.
/// </summary>
internal sealed class CallbackConfirmations(NanoBananaCallbackOptions options, TimeProvider time)
{
    // Bounds the memory of unknown ids (a flood of forged ids must not grow it without limit).
    internal const int UnknownTaskCapacity = 10_000;

    private readonly ConcurrentDictionary<string, Task<GenerationTask>> _inFlight = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, DateTimeOffset> _unknown = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<(string TaskId, GenerationTaskStatus Status), byte> _handled = new();
    private readonly Lock _admission = new();
    private int _running;

    /// <summary>What a confirmation found.</summary>
    public enum Outcome
    {
        /// <summary>The API returned the task.</summary>
        Confirmed,

        /// <summary>The API does not know the task (now, or within the memory of unknown ids).</summary>
        UnknownTask,

        /// <summary>Too many confirmations in flight: nothing was sent.</summary>
        Busy,
    }

    /// <summary>
    /// Confirms <paramref name="claimed"/> with the API, sharing a call in flight for the same id. Throws what the one
    /// attempt threw (a <see cref="NanoBananaException"/>, or <see cref="TimeoutException"/> after the timeout).
    /// </summary>
    public async Task<(Outcome Outcome, GenerationTask? Task)> ConfirmAsync(INanoBananaClient client, GenerationTask claimed, CancellationToken aborted)
    {
        var id = claimed.Id;
        if (_unknown.TryGetValue(id, out var until))
        {
            if (until > time.GetUtcNow()) return (Outcome.UnknownTask, null);
            _unknown.TryRemove(new KeyValuePair<string, DateTimeOffset>(id, until));
        }

        Task<GenerationTask> call;
        lock (_admission)
        {
            if (!_inFlight.TryGetValue(id, out call!))
            {
                if (_running >= options.MaxConfirmationsInFlight) return (Outcome.Busy, null);
                _running++;
                call = RunAsync(client, claimed);
                _inFlight[id] = call;
            }
        }

        try
        {
            // The shared call is not the caller's: a sender that goes away leaves it running for the others.
            return (Outcome.Confirmed, await call.WaitAsync(aborted).ConfigureAwait(false));
        }
        catch (NanoBananaNotFoundException)
        {
            Remember(id);
            return (Outcome.UnknownTask, null);
        }
    }

    /// <summary>Whether this process saw the delivery handled (then a replay needs no confirmation).</summary>
    public bool WasHandled(string taskId, GenerationTaskStatus status) => _handled.ContainsKey((taskId, status));

    /// <summary>Remembers a handled delivery (bounded: the memory starts over when full; the store stays the record).</summary>
    public void MarkHandled(string taskId, GenerationTaskStatus status)
    {
        if (_handled.Count >= UnknownTaskCapacity) _handled.Clear();
        _handled[(taskId, status)] = 0;
    }

    private async Task<GenerationTask> RunAsync(INanoBananaClient client, GenerationTask claimed)
    {
        await Task.Yield(); // registered in _inFlight before the call starts
        using var timeout = new CancellationTokenSource(options.ConfirmationTimeout, time);
        try
        {
            return await client.ConfirmCallbackAsync(claimed, timeout.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException e) when (timeout.IsCancellationRequested)
        {
            throw new TimeoutException($"The API did not answer within {options.ConfirmationTimeout} (ConfirmationTimeout).", e);
        }
        finally
        {
            lock (_admission)
            {
                _inFlight.TryRemove(claimed.Id, out _);
                _running--;
            }
        }
    }

    private void Remember(string id)
    {
        var now = time.GetUtcNow();
        if (_unknown.Count >= UnknownTaskCapacity)
        {
            foreach (var (key, expiry) in _unknown)
            {
                if (expiry <= now) _unknown.TryRemove(key, out _);
            }

            // Still full of live entries: forget arbitrary ones rather than grow.
            foreach (var key in _unknown.Keys.Take(_unknown.Count - UnknownTaskCapacity + 1)) _unknown.TryRemove(key, out _);
        }

        _unknown[id] = now + options.UnknownTaskMemory;
    }
}

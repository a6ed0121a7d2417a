using Microsoft.Extensions.Time.Testing;

namespace NanoBanana.Benchmarks.Polling;

/// <summary>
/// Simulated time for the polling runs: a <see cref="FakeTimeProvider"/> that also knows every timer the
/// client has armed, so the driver can move the clock straight to the next one (no real time passes, and
/// every poll happens at exactly the time the client asked for).
/// </summary>
internal sealed class SimulatedClock : TimeProvider
{
    private readonly FakeTimeProvider _fake = new(new DateTimeOffset(2026, 7, 2, 0, 0, 0, TimeSpan.Zero));
    private readonly object _gate = new();
    private readonly HashSet<TrackedTimer> _armed = [];
    private long _activity;

    /// <summary>Changes on every timer created, changed, fired or disposed: the driver's sign of life.</summary>
    public long Activity => Interlocked.Read(ref _activity);

    public override DateTimeOffset GetUtcNow() => _fake.GetUtcNow();

    public override long GetTimestamp() => _fake.GetTimestamp();

    public override long TimestampFrequency => _fake.TimestampFrequency;

    public override TimeZoneInfo LocalTimeZone => TimeZoneInfo.Utc;

    /// <summary>The earliest time an armed timer fires, or null when none is armed.</summary>
    public DateTimeOffset? NextDue()
    {
        lock (_gate)
        {
            return _armed.Count == 0 ? null : _armed.Min(t => t.DueAt);
        }
    }

    /// <summary>Moves the clock to <paramref name="when"/>, firing every timer due by then.</summary>
    public void AdvanceTo(DateTimeOffset when)
    {
        var now = _fake.GetUtcNow();
        if (when > now)
        {
            _fake.Advance(when - now);
        }
    }

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        var tracked = new TrackedTimer(this, callback, state, period);
        tracked.Arm(dueTime); // before the inner timer exists: a zero due time fires inside CreateTimer
        tracked.Inner = _fake.CreateTimer(static s => ((TrackedTimer)s!).Fire(), tracked, dueTime, period);
        Touch();
        return tracked;
    }

    private void Touch() => Interlocked.Increment(ref _activity);

    private sealed class TrackedTimer(SimulatedClock clock, TimerCallback callback, object? state, TimeSpan period) : ITimer
    {
        private TimeSpan _period = period;

        public ITimer Inner { get; set; } = null!;

        public DateTimeOffset DueAt { get; private set; }

        public void Arm(TimeSpan dueTime)
        {
            lock (clock._gate)
            {
                if (dueTime == Timeout.InfiniteTimeSpan)
                {
                    clock._armed.Remove(this);
                }
                else
                {
                    DueAt = clock.GetUtcNow() + dueTime;
                    clock._armed.Add(this);
                }
            }
        }

        public void Fire()
        {
            lock (clock._gate)
            {
                if (_period == Timeout.InfiniteTimeSpan || _period == TimeSpan.Zero)
                {
                    clock._armed.Remove(this);
                }
                else
                {
                    DueAt += _period;
                }
            }

            clock.Touch();
            callback(state);
        }

        public bool Change(TimeSpan dueTime, TimeSpan period)
        {
            _period = period;
            var changed = Inner.Change(dueTime, period);
            Arm(dueTime);
            clock.Touch();
            return changed;
        }

        public void Dispose()
        {
            Inner.Dispose();
            lock (clock._gate)
            {
                clock._armed.Remove(this);
            }

            clock.Touch();
        }

        public ValueTask DisposeAsync()
        {
            Dispose();
            return ValueTask.CompletedTask;
        }
    }
}

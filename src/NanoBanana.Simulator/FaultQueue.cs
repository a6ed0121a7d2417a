namespace NanoBanana.Simulator;

/// <summary>The injected faults, in order: each applies to its next <see cref="SimulatorFault.Times"/> matching requests.</summary>
internal sealed class FaultQueue
{
    private readonly List<ActiveFault> _faults = [];
    private int _count;

    public void Add(SimulatorFault fault)
    {
        lock (_faults)
        {
            _faults.Add(new ActiveFault(fault));
            Volatile.Write(ref _count, _faults.Count);
        }
    }

    public void Clear()
    {
        lock (_faults)
        {
            _faults.Clear();
            Volatile.Write(ref _count, 0);
        }
    }

    /// <summary>The first queued fault that matches <paramref name="operation"/>, counted as fired; null when none does.</summary>
    public SimulatorFault? Take(SimulatorOperation operation)
    {
        if (Volatile.Read(ref _count) == 0) return null;
        lock (_faults)
        {
            foreach (var active in _faults)
            {
                var matches = active.Fault.Operation == operation
                              || (active.Fault.Operation == SimulatorOperation.Any && operation != SimulatorOperation.DownloadOutput);
                if (!matches) continue;
                if (--active.Remaining == 0) _faults.Remove(active);
                Volatile.Write(ref _count, _faults.Count);
                return active.Fault;
            }
        }

        return null;
    }

    private sealed class ActiveFault(SimulatorFault fault)
    {
        public SimulatorFault Fault { get; } = fault;

        public int Remaining { get; set; } = fault.Times;
    }
}

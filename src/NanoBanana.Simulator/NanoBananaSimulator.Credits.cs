namespace NanoBanana.Simulator;

/// <summary>Credits: each create spends <see cref="CreditsPerImage"/>; a failed task's credits come back.</summary>
public sealed partial class NanoBananaSimulator
{
    private int _credits;

    /// <summary>The credit balance. Each create spends <see cref="CreditsPerImage"/>; a failed task's credits come back. Set it to test 402.</summary>
    public int Credits
    {
        get => Volatile.Read(ref _credits);
        set
        {
            ArgumentOutOfRangeException.ThrowIfNegative(value);
            Volatile.Write(ref _credits, value);
        }
    }

    private bool TrySpend(int amount)
    {
        while (true)
        {
            var balance = Volatile.Read(ref _credits);
            if (balance < amount) return false;
            if (Interlocked.CompareExchange(ref _credits, balance - amount, balance) == balance) return true;
        }
    }

    /// <summary>The docs: credits are refunded automatically when a task fails due to upstream errors.</summary>
    private void Refund(int amount) => Interlocked.Add(ref _credits, amount);
}

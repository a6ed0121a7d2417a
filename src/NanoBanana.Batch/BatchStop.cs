namespace NanoBanana.Batch;

/// <summary>Why a run stopped creating before every item was created.</summary>
public enum BatchStop
{
    /// <summary>It did not stop early.</summary>
    None,

    /// <summary>Billing: insufficient credits (402) or the spend limit. Tasks already created were still waited for.</summary>
    Billing,

    /// <summary>The API refused the key (401 or 403).</summary>
    Authentication,

    /// <summary>Rate limited without a break for longer than <see cref="BatchRunnerOptions.RateLimitPatience"/>.</summary>
    RateLimited,

    /// <summary>Another error that certainly created nothing (the API unreachable, model not found); see <see cref="BatchSummary.StopError"/>.</summary>
    Error,

    /// <summary>The run was cancelled.</summary>
    Cancelled,

    /// <summary>
    /// The circuit breaker: <see cref="BatchRunnerOptions.MaxConsecutiveUnknownCreates"/> creates in a row had an unknown
    /// outcome (each may be billed), so creating stopped; tasks already created were waited for.
    /// </summary>
    CircuitBreaker,

    /// <summary>The ledger could not be written (a full disk): creating stopped; task ids that could not be recorded are in <see cref="BatchSummary.UnrecordedTasks"/> and the recovery journal.</summary>
    LedgerError,
}

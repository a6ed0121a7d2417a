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

    /// <summary>Rate limited after the client's own retries.</summary>
    RateLimited,

    /// <summary>Another error that certainly created nothing (the API unreachable, 404); see <see cref="BatchSummary.StopError"/>.</summary>
    Error,

    /// <summary>The run was cancelled.</summary>
    Cancelled,
}

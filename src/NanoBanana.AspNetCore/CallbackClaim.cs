using NanoBanana.Client;

namespace NanoBanana.AspNetCore;

/// <summary>The answer of <see cref="INanoBananaCallbackStore.TryClaimAsync"/>: the delivery, what the store found, and the claim's details.</summary>
public sealed class CallbackClaim
{
    /// <summary>Creates a claim result (for store implementations).</summary>
    /// <param name="taskId">The task id claimed.</param>
    /// <param name="status">The status claimed.</param>
    /// <param name="outcome">What the store found.</param>
    /// <param name="claimId">For <see cref="CallbackClaimOutcome.Acquired"/>: the claim's id, unique to this claim; otherwise null.</param>
    /// <param name="leaseExpiresAt">For <see cref="CallbackClaimOutcome.Acquired"/> and <see cref="CallbackClaimOutcome.InProgress"/>: when the claim's lease ends; otherwise null.</param>
    /// <exception cref="ArgumentException">An acquired claim without a claim id or lease expiry, or a blank task id.</exception>
    public CallbackClaim(string taskId, GenerationTaskStatus status, CallbackClaimOutcome outcome, string? claimId, DateTimeOffset? leaseExpiresAt)
    {
        ArgumentException.ThrowIfNullOrEmpty(taskId);
        if (outcome == CallbackClaimOutcome.Acquired && (string.IsNullOrEmpty(claimId) || leaseExpiresAt is null))
        {
            throw new ArgumentException("An acquired claim needs its claim id and lease expiry.", nameof(claimId));
        }

        TaskId = taskId;
        Status = status;
        Outcome = outcome;
        ClaimId = claimId;
        LeaseExpiresAt = leaseExpiresAt;
    }

    /// <summary>The task id.</summary>
    public string TaskId { get; }

    /// <summary>The task status.</summary>
    public GenerationTaskStatus Status { get; }

    /// <summary>What the store found.</summary>
    public CallbackClaimOutcome Outcome { get; }

    /// <summary>The claim's id when <see cref="Outcome"/> is <see cref="CallbackClaimOutcome.Acquired"/>; pass the claim to complete or release it.</summary>
    public string? ClaimId { get; }

    /// <summary>When the lease of the claim (the caller's, or the one in progress) ends; null for a handled delivery.</summary>
    public DateTimeOffset? LeaseExpiresAt { get; }

    /// <inheritdoc />
    public override string ToString() => $"CallbackClaim {TaskId} {Status}: {Outcome}";
}

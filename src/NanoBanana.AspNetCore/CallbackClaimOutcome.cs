namespace NanoBanana.AspNetCore;

/// <summary>What <see cref="INanoBananaCallbackStore.TryClaimAsync"/> found for a delivery.</summary>
public enum CallbackClaimOutcome
{
    /// <summary>The caller holds the claim: run the handler, then complete or release the claim.</summary>
    Acquired,

    /// <summary>Another delivery holds an unexpired claim: its handler is running (the delivery is not handled yet).</summary>
    InProgress,

    /// <summary>The delivery was handled before.</summary>
    Handled,
}

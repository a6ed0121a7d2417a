namespace NanoBanana.AspNetCore;

/// <summary>
/// How one callback endpoint (<c>MapNanoBananaCallback</c>) authenticates deliveries and bounds the work a delivery
/// can cause. The docs describe no signature for callbacks, so the only secret a sender can carry is one you put in
/// the <c>callback_url</c> itself: <c>https://example.com/hooks/nano-banana?secret=...</c>.
/// </summary>
public sealed class NanoBananaCallbackOptions
{
    /// <summary>The default <see cref="SecretQueryParameter"/>: <c>secret</c>.</summary>
    public const string DefaultSecretQueryParameter = "secret";

    /// <summary>
    /// The shared secret every delivery must carry in the query parameter <see cref="SecretQueryParameter"/>.
    /// Required: mapping the endpoint without one fails at start-up (a missing configuration value must not turn the
    /// check off), unless <see cref="AllowUnauthenticatedCallbacks"/> says otherwise. A delivery without it or with
    /// another value is answered 401 before its body is read and before any API call; the comparison takes the same
    /// time whatever the value, and the secret is never logged by this package. Use a long random value (32 bytes,
    /// base64url) and put it in the <c>callback_url</c> of every task you create.
    /// </summary>
    public string? Secret { get; set; }

    /// <summary>
    /// Accept deliveries without a secret when <see cref="Secret"/> is not set (default false). Anyone who learns the
    /// URL can then post callbacks; each is still confirmed with the API and bounded by the limits below, and the
    /// endpoint logs a warning at start-up. Meant for development and for endpoints behind their own authentication.
    /// </summary>
    public bool AllowUnauthenticatedCallbacks { get; set; }

    /// <summary>The query parameter that carries <see cref="Secret"/> (<c>secret</c> by default).</summary>
    public string SecretQueryParameter { get; set; } = DefaultSecretQueryParameter;

    /// <summary>
    /// How long one confirmation (the one API call that reads the task a delivery names; never retried) may take
    /// before the delivery is answered 503. Default 10 seconds.
    /// </summary>
    public TimeSpan ConfirmationTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// How many confirmations may be in flight at once (deliveries of one task share one); a delivery beyond that is
    /// answered 503 with <c>Retry-After</c> and makes no API call. Default 16.
    /// </summary>
    public int MaxConfirmationsInFlight { get; set; } = 16;

    /// <summary>
    /// How long a task id the API said does not exist (404) is answered 404 again without asking the API, so forged
    /// ids cannot spend the account's rate limit. Default 1 minute.
    /// </summary>
    public TimeSpan UnknownTaskMemory { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>
    /// How long a delivery's claim on the handler lasts (<see cref="INanoBananaCallbackStore"/>): a redelivery during
    /// that time is answered 409 with <c>Retry-After</c> (not acknowledged: the handler has not finished), and one after
    /// it, when the handler never completed (the process died), runs the handler again. Keep it well above the
    /// handler's longest run. Default 5 minutes.
    /// </summary>
    public TimeSpan HandlerLease { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Throws <see cref="ArgumentException"/> naming the setting that is not valid.</summary>
    internal void ThrowIfInvalid()
    {
        if (Secret is null || Secret.Length == 0)
        {
            if (!AllowUnauthenticatedCallbacks)
            {
                throw new ArgumentException(
                    $"{nameof(Secret)} is not set (a missing configuration value?): every callback would be accepted from anyone. " +
                    $"Set a long random secret and put it in each task's callback_url, or set {nameof(AllowUnauthenticatedCallbacks)} = true to accept unauthenticated callbacks on purpose.",
                    nameof(Secret));
            }
        }
        else if (string.IsNullOrWhiteSpace(Secret))
        {
            throw new ArgumentException($"{nameof(Secret)} must be a non-blank value; got a blank one (a missing configuration value?).", nameof(Secret));
        }

        if (string.IsNullOrWhiteSpace(SecretQueryParameter))
        {
            throw new ArgumentException($"{nameof(SecretQueryParameter)} must name a query parameter; got a blank one.", nameof(SecretQueryParameter));
        }

        Positive(nameof(ConfirmationTimeout), ConfirmationTimeout);
        Positive(nameof(UnknownTaskMemory), UnknownTaskMemory);
        Positive(nameof(HandlerLease), HandlerLease);
        if (MaxConfirmationsInFlight < 1)
        {
            throw new ArgumentException($"{nameof(MaxConfirmationsInFlight)} must be at least 1; got {MaxConfirmationsInFlight}.", nameof(MaxConfirmationsInFlight));
        }
    }

    private static void Positive(string name, TimeSpan value)
    {
        if (value <= TimeSpan.Zero) throw new ArgumentException($"{name} must be positive; got {value}.", name);
    }
}

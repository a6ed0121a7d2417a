namespace NanoBanana.AspNetCore;

/// <summary>
/// How one callback endpoint (<c>MapNanoBananaCallback</c>) authenticates deliveries. The docs describe no signature
/// for callbacks, so the only secret a sender can carry is one you put in the <c>callback_url</c> itself:
/// <c>https://example.com/hooks/nano-banana?secret=...</c>.
/// </summary>
public sealed class NanoBananaCallbackOptions
{
    /// <summary>The default <see cref="SecretQueryParameter"/>: <c>secret</c>.</summary>
    public const string DefaultSecretQueryParameter = "secret";

    /// <summary>
    /// The shared secret every delivery must carry in the query parameter <see cref="SecretQueryParameter"/>; null
    /// (the default) checks none. When set, a delivery without it or with another value is answered 401 before its
    /// body is read and before any API call; the comparison takes the same time whatever the value, and the secret is
    /// never logged by this package. Use a long random value (32 bytes, base64url) and put it in the
    /// <c>callback_url</c> of every task you create.
    /// </summary>
    public string? Secret { get; set; }

    /// <summary>The query parameter that carries <see cref="Secret"/> (<c>secret</c> by default).</summary>
    public string SecretQueryParameter { get; set; } = DefaultSecretQueryParameter;

    /// <summary>Throws <see cref="ArgumentException"/> naming the setting that is not valid.</summary>
    internal void ThrowIfInvalid()
    {
        if (Secret is not null && string.IsNullOrWhiteSpace(Secret))
        {
            throw new ArgumentException($"{nameof(Secret)} must be null (no secret checked) or a non-blank value; got a blank one (a missing configuration value?).", nameof(Secret));
        }

        if (string.IsNullOrWhiteSpace(SecretQueryParameter))
        {
            throw new ArgumentException($"{nameof(SecretQueryParameter)} must name a query parameter; got a blank one.", nameof(SecretQueryParameter));
        }
    }
}

namespace NanoBanana.Client;

/// <summary>
/// A generation request breaks a limit of the contract. Raised before any request is sent; the message names
/// the field (as the wire spells it, such as <c>input.prompt</c>) and the limit.
/// </summary>
public sealed class GenerationRequestValidationException : ArgumentException
{
    /// <summary>Creates the error.</summary>
    /// <param name="field">The field, as the wire spells it (<c>input.image_urls[2]</c>).</param>
    /// <param name="limit">The limit it breaks (<c>at most 20000 characters</c>).</param>
    /// <param name="detail">What the value was, if useful (never the value itself when it may be long).</param>
    public GenerationRequestValidationException(string field, string limit, string? detail = null)
        : base($"Invalid generation request: {field} must be {limit}{(detail is null ? "" : $" ({detail})")}.", field)
    {
        Field = field;
        Limit = limit;
    }

    /// <summary>The field, as the wire spells it (<c>input.prompt</c>, <c>input.image_urls[2]</c>, <c>callback_url</c>).</summary>
    public string Field { get; }

    /// <summary>The limit the field breaks, in words (<c>at most 20000 characters</c>).</summary>
    public string Limit { get; }
}

using System.ComponentModel;

namespace NanoBanana.Client;

/// <summary>
/// What kind of failure a <see cref="NanoBananaException"/> is, for deciding what to do without a switch on exception
/// types: fix the key (<see cref="Authentication"/>, <see cref="Permission"/>), top up (<see cref="Billing"/>), slow down
/// (<see cref="RateLimited"/>), fix the request (<see cref="InvalidRequest"/>), check before creating again
/// (<see cref="CreateOutcomeUnknown"/>), and so on. An extensible value: a later version may add categories, so a switch
/// on it needs a default arm.
/// </summary>
public readonly struct NanoBananaFailureCategory : IEquatable<NanoBananaFailureCategory>
{
    private readonly string? _value;

    /// <summary>A category by name.</summary>
    /// <param name="value">The name, such as <c>billing</c>.</param>
    /// <exception cref="ArgumentException"><paramref name="value"/> is null or empty.</exception>
    public NanoBananaFailureCategory(string value)
    {
        ArgumentException.ThrowIfNullOrEmpty(value);
        _value = value;
    }

    /// <summary>The API key is invalid, disabled or deleted (401).</summary>
    public static NanoBananaFailureCategory Authentication { get; } = new("authentication");

    /// <summary>The key may not do this from here (403 <c>ip_not_allowed</c>).</summary>
    public static NanoBananaFailureCategory Permission { get; } = new("permission");

    /// <summary>Credits are too low (402) or the key's spend limit is reached (429 <c>spend_limit_exceeded</c>): not retried.</summary>
    public static NanoBananaFailureCategory Billing { get; } = new("billing");

    /// <summary>Too many requests (429 <c>rate_limit_exceeded</c>): nothing was done; try again after <see cref="NanoBananaException.RetryAfter"/>.</summary>
    public static NanoBananaFailureCategory RateLimited { get; } = new("rate_limited");

    /// <summary>The server rejected the request's parameters (400, or another 4xx that names no other category).</summary>
    public static NanoBananaFailureCategory InvalidRequest { get; } = new("invalid_request");

    /// <summary>The model or the task does not exist (404).</summary>
    public static NanoBananaFailureCategory NotFound { get; } = new("not_found");

    /// <summary>A server error (500, 502, 503, 504 and other 5xx without the upstream envelope).</summary>
    public static NanoBananaFailureCategory Server { get; } = new("server");

    /// <summary>The upstream AI provider refused or failed (503 <c>upstream_error</c>): no task was made or billed.</summary>
    public static NanoBananaFailureCategory Upstream { get; } = new("upstream");

    /// <summary>No usable response: the connection failed or dropped, or the attempt timed out.</summary>
    public static NanoBananaFailureCategory Network { get; } = new("network");

    /// <summary>A response that is not what the contract documents (an unreadable or oversized body, a 2xx without the documented fields).</summary>
    public static NanoBananaFailureCategory InvalidResponse { get; } = new("invalid_response");

    /// <summary>A create whose outcome is unknown: the task may exist and be billed; check before creating again.</summary>
    public static NanoBananaFailureCategory CreateOutcomeUnknown { get; } = new("create_outcome_unknown");

    /// <summary>The task ended with status <c>failed</c>.</summary>
    public static NanoBananaFailureCategory TaskFailed { get; } = new("task_failed");

    /// <summary>A wait ran out of time before the task finished; the task goes on.</summary>
    public static NanoBananaFailureCategory WaitTimeout { get; } = new("wait_timeout");

    /// <summary>Whether two categories are the same.</summary>
    public static bool operator ==(NanoBananaFailureCategory left, NanoBananaFailureCategory right) => left.Equals(right);

    /// <summary>Whether two categories differ.</summary>
    public static bool operator !=(NanoBananaFailureCategory left, NanoBananaFailureCategory right) => !left.Equals(right);

    /// <inheritdoc />
    public bool Equals(NanoBananaFailureCategory other) => string.Equals(_value, other._value, StringComparison.Ordinal);

    /// <inheritdoc />
    [EditorBrowsable(EditorBrowsableState.Never)]
    public override bool Equals(object? obj) => obj is NanoBananaFailureCategory other && Equals(other);

    /// <inheritdoc />
    [EditorBrowsable(EditorBrowsableState.Never)]
    public override int GetHashCode() => _value is null ? 0 : StringComparer.Ordinal.GetHashCode(_value);

    /// <summary>The category's name, such as <c>billing</c>.</summary>
    public override string ToString() => _value ?? string.Empty;
}

using System.Globalization;
using System.Text.Json;

namespace NanoBanana.Client;

/// <summary>
/// The account's credit balance. The docs show no body for <c>GET /v1/credits</c>, so every field is kept
/// (<see cref="AdditionalProperties"/>) and <see cref="Credits"/> is the balance found among them.
/// </summary>
public sealed class CreditsBalance
{
    private static readonly string[] BalanceNames = ["credits", "balance", "credit_balance", "remaining_credits", "available_credits"];

    internal CreditsBalance(decimal? credits, IReadOnlyDictionary<string, JsonElement> additionalProperties)
    {
        Credits = credits;
        AdditionalProperties = additionalProperties;
    }

    /// <summary>
    /// The balance, from the first numeric field named <c>credits</c>, <c>balance</c>, <c>credit_balance</c>,
    /// <c>remaining_credits</c> or <c>available_credits</c> (also inside a <c>data</c> object); null when none is there.
    /// </summary>
    public decimal? Credits { get; }

    /// <summary>Every field of the body, as it came.</summary>
    public IReadOnlyDictionary<string, JsonElement> AdditionalProperties { get; }

    /// <summary>The balance among the body's fields (see <see cref="Credits"/>).</summary>
    internal static decimal? FindCredits(IReadOnlyDictionary<string, JsonElement> properties) =>
        Find(name => properties.TryGetValue(name, out var value) ? value : null)
        ?? (properties.TryGetValue("data", out var data) && data.ValueKind == JsonValueKind.Object
            ? Find(name => data.TryGetProperty(name, out var value) ? value : null)
            : null);

    private static decimal? Find(Func<string, JsonElement?> property)
    {
        foreach (var name in BalanceNames)
        {
            if (property(name) is { } value && Number(value) is { } number) return number;
        }

        return null;
    }

    private static decimal? Number(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.Number when value.TryGetDecimal(out var d) => d,
        JsonValueKind.String when decimal.TryParse(value.GetString(), NumberStyles.Number, CultureInfo.InvariantCulture, out var d) => d,
        _ => null,
    };
}

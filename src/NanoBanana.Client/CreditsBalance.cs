using System.Globalization;
using System.Text.Json;

namespace NanoBanana.Client;

// CUSTOM: the contract models the credits body loosely (the docs show none); this finds the balance in it.
public partial class CreditsBalance
{
    private static readonly string[] BalanceNames = ["credits", "balance", "credit_balance", "remaining_credits", "available_credits"];

    /// <summary>
    /// The balance, from the first numeric field named <c>credits</c>, <c>balance</c>, <c>credit_balance</c>,
    /// <c>remaining_credits</c> or <c>available_credits</c> (also inside a <c>data</c> object); null when none is there.
    /// </summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public decimal? Credits => Find(AdditionalProperties) ?? (AdditionalProperties.TryGetValue("data", out var data) && data is JsonElement { ValueKind: JsonValueKind.Object } inner ? Find(inner) : null);

    private static decimal? Find(IDictionary<string, object> properties)
    {
        foreach (var name in BalanceNames)
        {
            if (properties.TryGetValue(name, out var value) && Number(value) is { } number) return number;
        }

        return null;
    }

    private static decimal? Find(JsonElement element)
    {
        foreach (var name in BalanceNames)
        {
            if (element.TryGetProperty(name, out var value) && Number(value) is { } number) return number;
        }

        return null;
    }

    private static decimal? Number(object? value) => value switch
    {
        JsonElement { ValueKind: JsonValueKind.Number } e when e.TryGetDecimal(out var d) => d,
        JsonElement { ValueKind: JsonValueKind.String } e when decimal.TryParse(e.GetString(), NumberStyles.Number, CultureInfo.InvariantCulture, out var d) => d,
        decimal d => d,
        double d => (decimal)d,
        long l => l,
        int i => i,
        _ => null,
    };
}

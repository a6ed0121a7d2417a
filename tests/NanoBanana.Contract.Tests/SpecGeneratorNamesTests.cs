using System.Text.Json.Nodes;

namespace NanoBanana.Contract.Tests;

/// <summary>
/// Both generators read the same readable enum member names: NSwag from <c>x-enumNames</c>, Kiota from
/// <c>x-ms-enum.values</c>. The Spectral rule <c>nb-enum-names</c> enforces the same in <c>make lint</c>.
/// </summary>
public class SpecGeneratorNamesTests
{
    public static TheoryData<string> Enums()
    {
        var data = new TheoryData<string>();
        foreach (var (name, schema) in (JsonObject)ContractDocument.Current.Root["components"]!["schemas"]!)
        {
            if (schema!["enum"] is JsonArray) data.Add(name);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Enums))]
    public void Kiota_and_NSwag_names_agree_value_for_value(string schemaName)
    {
        var schema = ContractDocument.Current.Root["components"]!["schemas"]![schemaName]!;
        var values = schema["enum"]!.AsArray().Select(v => v!.GetValue<string>()).ToList();
        var nswag = schema["x-enumNames"]!.AsArray().Select(v => v!.GetValue<string>()).ToList();
        var kiota = schema["x-ms-enum"]?["values"]?.AsArray()
                    ?? throw new Xunit.Sdk.XunitException($"{schemaName} has no x-ms-enum.values");

        Assert.Equal(values, kiota.Select(v => v!["value"]!.GetValue<string>()));
        Assert.Equal(nswag, kiota.Select(v => v!["name"]!.GetValue<string>()));
        Assert.Equal(schemaName, schema["x-ms-enum"]!["name"]!.GetValue<string>());
    }
}

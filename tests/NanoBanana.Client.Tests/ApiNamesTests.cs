using NanoBanana.Client;

namespace NanoBanana.Client.Tests;

/// <summary><see cref="ApiNames"/>: the contract's enum values as the API spells them.</summary>
public class ApiNamesTests
{
    [Theory]
    [InlineData(ImageResolution.OneK, "1K")]
    [InlineData(ImageModel.NanoBanana2Lite, "nano-banana-2-lite")]
    public void A_value_is_spelled_as_on_the_wire(object value, string expected)
    {
        var name = value switch
        {
            ImageResolution r => ApiNames.Of(r),
            ImageModel m => ApiNames.Of(m),
            _ => throw new ArgumentOutOfRangeException(nameof(value)),
        };
        Assert.Equal(expected, name);
    }

    [Fact]
    public void Aspect_ratios_are_the_contracts_in_its_order()
    {
        Assert.Equal(["1:1", "1:4", "1:8", "2:3", "3:2", "3:4", "4:1", "4:3", "4:5", "5:4", "8:1", "9:16", "16:9", "21:9", "auto"], ApiNames.All<AspectRatio>());
        Assert.Equal("16:9", ApiNames.Of(AspectRatio.Landscape16x9));
    }

    [Theory]
    [InlineData("16:9", AspectRatio.Landscape16x9)]
    [InlineData(" AUTO ", AspectRatio.Auto)]
    public void A_name_reads_back_ignoring_case_and_spaces(string text, AspectRatio expected)
    {
        Assert.True(ApiNames.TryParse<AspectRatio>(text, out var value));
        Assert.Equal(expected, value);
    }

    [Theory]
    [InlineData("7:3")]
    [InlineData("Landscape16x9")]
    [InlineData("")]
    [InlineData(null)]
    public void Anything_else_does_not_read(string? text)
    {
        Assert.False(ApiNames.TryParse<AspectRatio>(text, out _));
    }

    [Fact]
    public void An_undefined_value_falls_back_to_its_number()
    {
        Assert.Equal("42", ApiNames.Of((AspectRatio)42));
    }
}

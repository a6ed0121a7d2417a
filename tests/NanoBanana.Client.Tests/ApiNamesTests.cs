using NanoBanana.Client;

namespace NanoBanana.Client.Tests;

/// <summary><see cref="ApiNames"/>: the contract's enum values this version knows, as the API spells them.</summary>
public class ApiNamesTests
{
    [Fact]
    public void A_value_spells_itself_as_on_the_wire()
    {
        Assert.Equal("1K", ImageResolution.OneK.ToString());
        Assert.Equal("nano-banana-2-lite", ImageModel.NanoBanana2Lite.ToString());
        Assert.Equal("16:9", AspectRatio.Landscape16x9.ToString());
    }

    [Fact]
    public void Aspect_ratios_are_the_contracts_in_its_order() =>
        Assert.Equal(["1:1", "1:4", "1:8", "2:3", "3:2", "3:4", "4:1", "4:3", "4:5", "5:4", "8:1", "9:16", "16:9", "21:9", "auto"], ApiNames.All<AspectRatio>());

    [Theory]
    [InlineData("16:9", "16:9")]
    [InlineData(" AUTO ", "auto")]
    public void A_name_reads_back_ignoring_case_and_spaces(string text, string expected)
    {
        Assert.True(ApiNames.TryParse<AspectRatio>(text, out var value));
        Assert.Equal(new AspectRatio(expected), value);
        Assert.True(value.IsKnown);
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
}

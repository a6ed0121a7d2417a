namespace NanoBanana.Batch.Tests;

/// <summary>The one naming rule: every output of every item has its own file name, whatever the ids.</summary>
public sealed class OutputNamesTests
{
    private static readonly Uri Png = new("https://files.example/out/abc.png");

    [Fact]
    public void Further_outputs_can_never_take_another_items_name()
    {
        Assert.Equal("hero.png", BatchOutputNames.FileName("hero", Png, 0));
        Assert.Equal("hero~2.png", BatchOutputNames.FileName("hero", Png, 1));
        Assert.Equal("hero-1.png", BatchOutputNames.FileName("hero-1", Png, 0));
        Assert.Equal("hero-2.png", BatchOutputNames.FileName("hero-2", Png, 0));
        Assert.Equal("hero_2.png", BatchOutputNames.FileName("hero~2", Png, 0)); // '~' never survives in an id
        Assert.Empty(BatchOutputNames.Check(["hero", "hero-1", "hero-2", "hero~2x"]));
    }

    [Fact]
    public void Ids_that_sanitise_or_fold_to_one_name_clash_and_long_or_empty_ids_are_refused()
    {
        var problems = BatchOutputNames.Check(["cat dog", "cat_dog", "a/b", "a_b", "x", ".x", "Hero", "hero", new string('l', 101), " "]);

        Assert.Equal([(1, 0), (3, 2), (5, 4), (7, 6)], problems.Where(p => p.ClashesWith is not null).Select(p => (p.Position, p.ClashesWith!.Value)));
        Assert.Contains(problems, p => p.Position == 8 && p.Message.Contains("101 characters", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.Position == 9 && p.Message.Contains("empty", StringComparison.Ordinal));
        Assert.Throws<ArgumentException>(() => BatchOutputNames.ThrowIfInvalid([new BatchItem("a", Requests.Valid()), new BatchItem("A", Requests.Valid())]));
    }
}

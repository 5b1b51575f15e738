using SummaryBot.Core.Text;

namespace SummaryBot.Tests.Text;

public sealed class WordScannerTests
{
    [Theory]
    [InlineData("Kim's 1,000 don't", 0, "Kim|s|1|000|don|t")]
    [InlineData("Kim's 1,000 don't", 1, "Kim's|1|000|don't")]
    [InlineData("Kim's 1,000 don't 3.5.", 3, "Kim's|1,000|don't|3.5")]
    [InlineData("'quoted' end. 1, 2", 3, "quoted|end|1|2")]
    [InlineData("Türkiye—Straße", 0, "Türkiye|Straße")]
    [InlineData(" \n…!", 0, "")]
    /// <param name="joins">A <see cref="WordJoins"/> value (the enum is internal to Core): 1 apostrophes, 2 number separators.</param>
    public void Next_Joins_CutsWordsWhereTheyEnd(string text, int joins, string expected)
    {
        var words = new List<string>();
        var position = 0;
        while (WordScanner.Next(text, ref position, (WordJoins)joins, out var start, out var end))
        {
            words.Add(text[start..end]);
        }

        Assert.Equal(expected, string.Join('|', words));
    }

    [Fact]
    public void LowerWords_MixedText_LowercasedRunsOfLettersAndDigits()
    {
        Assert.Equal(["putin", "met", "kim", "in", "2024", "s", "pyongyang"], WordScanner.LowerWords("Putin met KIM in 2024's Pyongyang!"));
        Assert.Equal(7, WordScanner.Count("Putin met KIM in 2024's Pyongyang!"));
    }

    [Theory]
    [InlineData("the", true)]
    [InlineData("said", true)]
    [InlineData("dont", true)]
    [InlineData("ll", true)]
    [InlineData("pyongyang", false)]
    [InlineData("The", false)] // The list is lowercase; callers lowercase first.
    public void Stopwords_Word_IsStopwordOnlyWhenListed(string word, bool expected) =>
        Assert.Equal(expected, Stopwords.Contains(word));
}

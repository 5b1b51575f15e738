using SummaryBot.Core.Topics;

namespace SummaryBot.Tests.Topics;

public sealed class TopicParserTests
{
    private readonly TopicCompiler _compiler = new();

    [Theory]
    [InlineData("Russia–North Korea")]
    [InlineData("Russia—North Korea")]
    [InlineData("russia - north korea")]
    [InlineData("Russia/North Korea")]
    [InlineData("Russia-North Korea")]
    [InlineData("Russia North Korea")]
    [InlineData("  RUSSIA  –  north   KOREA ")]
    [InlineData("Russian Federation – DPRK")]
    public void Parse_RelationSpellings_NormalizeToEnDash(string topic)
    {
        var result = _compiler.Parse(topic);

        Assert.True(result.Success, result.Error);
        Assert.Equal("Russia–North Korea", result.Normalized);
        Assert.Equal(["Russia", "North Korea"], result.Terms.Select(t => t.Text));
        Assert.All(result.Terms, t => Assert.Equal(TopicTermKind.Entity, t.Kind));
    }

    [Fact]
    public void Parse_Relation_DescribesBothSidesWithAliases()
    {
        var result = _compiler.Parse("Russia–North Korea");

        Assert.StartsWith("Russia (Russian, Moscow, ", result.Description, StringComparison.Ordinal);
        Assert.Contains(") and North Korea (North Korean, Pyongyang, DPRK, Kim Jong Un, KCNA, …)", result.Description, StringComparison.Ordinal);
        Assert.Contains("Kremlin", result.Terms[0].Aliases);
        Assert.Contains("Putin", result.Terms[0].Aliases);
    }

    [Theory]
    [InlineData("Kim Jong-un", "Kim Jong-un")]
    [InlineData("Guinea-Bissau", "Guinea-Bissau")]
    [InlineData("guinea bissau", "Guinea-Bissau")]
    [InlineData("Timor-Leste", "Timor-Leste")]
    [InlineData("Bosnia and Herzegovina", "Bosnia and Herzegovina")]
    [InlineData("Türkiye", "Turkey")]
    [InlineData("Ivory Coast", "Côte d'Ivoire")]
    [InlineData("cote d'ivoire", "Côte d'Ivoire")]
    [InlineData("US", "United States")]
    [InlineData("EU", "European Union")]
    public void Parse_HyphenatedAndAlternativeNames_AreOneTerm(string topic, string normalized)
    {
        var result = _compiler.Parse(topic);

        Assert.True(result.Success, result.Error);
        Assert.Equal(normalized, result.Normalized);
        Assert.Single(result.Terms);
    }

    [Fact]
    public void Parse_HyphenInsidePersonName_IsPhraseNotRelation()
    {
        var result = _compiler.Parse("Kim Jong-un");

        Assert.Equal(TopicTermKind.Phrase, result.Terms.Single().Kind);
        Assert.Contains("North Korea", result.Terms.Single().Note, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("\"luxury cars\"", "\"luxury cars\"")]
    [InlineData("“North Korea”", "\"North Korea\"")]
    [InlineData("Russia OR Ukraine", "Russia OR Ukraine")]
    [InlineData("Russia AND Ukraine", "Russia AND Ukraine")]
    [InlineData("Russia NOT Ukraine", "Russia AND NOT Ukraine")]
    [InlineData("Russia -Ukraine", "Russia AND NOT Ukraine")]
    [InlineData("(Russia OR China) AND Iran", "(Russia OR China) AND Iran")]
    [InlineData("(Russia OR China)–North Korea", "(Russia OR China)–North Korea")]
    [InlineData("Russia–China–Iran", "Russia–China–Iran")]
    [InlineData("Putin \"luxury car\"", "Putin AND \"luxury car\"")]
    [InlineData("AC/DC", "AC/DC")]
    [InlineData("luxury cars", "luxury cars")]
    [InlineData("Russia AND (Ukraine OR NOT Belarus)", "Russia AND (Ukraine OR NOT Belarus)")]
    public void Parse_Operators_NormalizeCanonically(string topic, string normalized)
    {
        var result = _compiler.Parse(topic);

        Assert.True(result.Success, result.Error);
        Assert.Equal(normalized, result.Normalized);
    }

    [Theory]
    [InlineData("Russia–North Korea")]
    [InlineData("(Russia OR China) AND Iran -\"state media\"")]
    [InlineData("Kim Jong-un OR Putin")]
    [InlineData("AC/DC")]
    public void Parse_NormalizedForm_ParsesToItself(string topic)
    {
        var first = _compiler.Parse(topic);
        var second = _compiler.Parse(first.Normalized);

        Assert.True(second.Success, second.Error);
        Assert.Equal(first.Normalized, second.Normalized);
    }

    [Fact]
    public void Parse_QuotedEntityName_IsPhraseWithoutAliases()
    {
        var result = _compiler.Parse("\"North Korea\"");

        var term = Assert.Single(result.Terms);
        Assert.Equal(TopicTermKind.Phrase, term.Kind);
        Assert.Empty(term.Aliases);
    }

    [Fact]
    public void Parse_AmbiguousWord_IsAllowedAsPhraseWithExplanation()
    {
        var result = _compiler.Parse("Korea");

        Assert.True(result.Success);
        Assert.Equal(TopicTermKind.Phrase, result.Terms.Single().Kind);
        Assert.Contains("ambiguous", result.Description, StringComparison.Ordinal);
        Assert.Contains("North Korea or South Korea", result.Description, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_LowercaseAnd_IsPartOfName()
    {
        var result = _compiler.Parse("trinidad and tobago");

        Assert.Equal("Trinidad and Tobago", result.Normalized);
    }

    [Theory]
    [InlineData("", "empty")]
    [InlineData("   ", "empty")]
    [InlineData("(Russia OR China", "'(' at position 1 is never closed")]
    [InlineData("Russia OR China)", "')' at position 16 has no matching '('")]
    [InlineData("\"luxury cars", "quote at position 1 is never closed")]
    [InlineData("\"\"", "empty")]
    [InlineData("()", "parentheses at position 1 are empty")]
    [InlineData("NOT Russia", "only says what must not appear")]
    [InlineData("-Russia", "only says what must not appear")]
    [InlineData("NOT Russia OR NOT Ukraine", "only says what must not appear")]
    [InlineData("Russia OR", "'OR' at position 8 needs a term after it")]
    [InlineData("OR Russia", "needs a term before it")]
    [InlineData("Russia AND", "'AND' at position 8 needs a term after it")]
    [InlineData("Russia –", "needs a term on both sides")]
    [InlineData("– Russia", "needs a term on both sides")]
    [InlineData("Russia NOT", "needs a term after it")]
    [InlineData("\"!!!\"", "no letters or digits")]
    public void Parse_Malformed_FailsWithSpecificError(string topic, string expected)
    {
        var result = _compiler.Parse(topic);

        Assert.False(result.Success);
        Assert.Contains(expected, result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_OverLong_FailsWithLimit()
    {
        var result = _compiler.Parse(string.Join(" OR ", Enumerable.Repeat("Russia", 40)));

        Assert.False(result.Success);
        Assert.Contains("limit is 200", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_ExtraAliases_AreListedAndDescribed()
    {
        var extras = new Dictionary<string, IReadOnlyList<string>> { ["north korea"] = ["Ri Sol Ju", " ", "ri sol-ju"] };

        var result = _compiler.Parse("Russia–North Korea", extras);

        Assert.Equal("Russia–North Korea", result.Normalized);
        Assert.Contains("Ri Sol Ju", result.Terms[1].Aliases);
        Assert.DoesNotContain("ri sol-ju", result.Terms[1].Aliases);
        Assert.Contains("also Ri Sol Ju", result.Description, StringComparison.Ordinal);
    }
}

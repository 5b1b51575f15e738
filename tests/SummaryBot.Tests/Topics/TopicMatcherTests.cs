using SummaryBot.Core.Topics;

namespace SummaryBot.Tests.Topics;

public sealed class TopicMatcherTests
{
    private readonly TopicCompiler _compiler = new();

    private IReadOnlyList<TopicMatch> Match(string topic, string title, params string[] paragraphs) =>
        _compiler.Compile([new TopicSubscription(1, topic)]).Match(TopicTestArticles.Make(title, paragraphs));

    [Fact]
    public void Match_SeedArticles_MatchRussiaNorthKoreaWithEvidence()
    {
        var matcher = _compiler.Compile([new TopicSubscription(42, "Russia–North Korea")]);

        foreach (var seed in TopicTestArticles.Seeds())
        {
            var match = Assert.Single(matcher.Match(seed));
            Assert.Equal(42, match.ChatId);
            Assert.Equal("Russia–North Korea", match.Topic);
            Assert.Contains("Putin", match.Evidence);
            Assert.Contains(match.Evidence, e => e.StartsWith("North Korea", StringComparison.Ordinal) || e.StartsWith("Kim Jong", StringComparison.Ordinal));
            Assert.InRange(match.Evidence.Count, 2, 6);
        }
    }

    [Fact]
    public void Match_Evidence_IsAsWrittenAndInOrderOfFirstOccurrence()
    {
        var matches = Match("Russia–North Korea", "Putin meets Kim", "Kim Jong-un thanked the Kremlin; KCNA said Putin's gift arrived.", "Kim Jong Un again.");

        var match = Assert.Single(matches);
        Assert.Equal(["Putin", "Kremlin", "Kim Jong-un", "KCNA"], match.Evidence);
    }

    [Fact]
    public void Match_Evidence_SkipsTermsInsideOnesAlreadyShown()
    {
        var match = Assert.Single(Match("Russia", "Putin speaks", "Vladimir Putin said Russia's Kremlin and Moscow agreed."));

        Assert.Equal(["Putin", "Russia", "Kremlin"], match.Evidence);
    }

    [Theory]
    [InlineData("Kim Kardashian visited the Kremlin.")]
    [InlineData("Russian Standard vodka sales rose in Moscow.")]
    [InlineData("Korean barbecue is popular in Moscow.")]
    [InlineData("South Korea and Russia signed a deal.")]
    [InlineData("South Korean officials met Russian diplomats.")]
    [InlineData("A Korean company opened an office in Moscow.")]
    [InlineData("Russia said the North had not replied.")]
    public void Match_FalseFriends_DoNotMatchRussiaNorthKorea(string text)
    {
        Assert.Empty(Match("Russia–North Korea", "News", text));
    }

    [Theory]
    [InlineData("Kim Kardashian launches a brand")]
    [InlineData("Best Korean barbecue in Seoul")]
    [InlineData("South Korea's exports grew")]
    [InlineData("South Koreans voted on Sunday")]
    public void Match_FalseFriends_DoNotMatchNorthKorea(string text)
    {
        Assert.Empty(Match("North Korea", text));
    }

    [Theory]
    [InlineData("North Koreans crossed the border.", "North Koreans")]
    [InlineData("North Korea's missile flew far.", "North Korea")]
    [InlineData("North Korea’s missile flew far.", "North Korea")]
    [InlineData("Kim Jong-un spoke.", "Kim Jong-un")]
    [InlineData("KIM JONG UN SPOKE.", "KIM JONG UN")]
    [InlineData("Kim Jong Un's sister spoke.", "Kim Jong Un")]
    [InlineData("The D.P.R.K. said nothing, but the DPRK did.", "DPRK")]
    [InlineData("Officials in Pyongyang said so.", "Pyongyang")]
    [InlineData("North Korean-made shells were found.", "North Korean")]
    public void Match_HyphensPossessivesAndPlurals_Match(string text, string evidence)
    {
        var match = Assert.Single(Match("North Korea", "News", text));

        Assert.Equal(evidence, match.Evidence[0]);
    }

    [Theory]
    [InlineData("Ukraine", "Strikes on Kyiv overnight", "Kyiv")]
    [InlineData("Ukraine", "Strikes on Kiev overnight", "Kiev")]
    [InlineData("Turkey", "Türkiye hosts talks", "Türkiye")]
    [InlineData("Türkiye", "Turkey hosts talks", "Turkey")]
    [InlineData("Turkey", "Erdoğan hosts talks", "Erdoğan")]
    [InlineData("Côte d'Ivoire", "Cote d’Ivoire votes", "Cote d’Ivoire")]
    [InlineData("Ivory Coast", "Côte d'Ivoire votes", "Côte d'Ivoire")]
    [InlineData("Mexico", "Sheinbaum speaks in Mexico City", "Sheinbaum")]
    [InlineData("United States", "US and EU agree", "US")]
    [InlineData("Israel", "ISRAELI CABINET MEETS", "ISRAELI")]
    public void Match_DiacriticsAndVariants_Match(string topic, string title, string evidence)
    {
        var match = Assert.Single(Match(topic, title));

        Assert.Equal(evidence, match.Evidence[0]);
    }

    [Theory]
    [InlineData("Mexico", "Storms hit New Mexico")]
    [InlineData("Guinea", "Papua New Guinea holds elections")]
    [InlineData("Guinea", "Equatorial Guinea and Guinea-Bissau sign a pact")]
    [InlineData("Guinea", "Guinea pigs escape")]
    [InlineData("Niger", "Nigeria's president travels to Lagos")]
    [InlineData("Nigeria", "Niger's junta expels envoy")]
    [InlineData("Dominica", "Dominican Republic beats storm")]
    [InlineData("Dominican Republic", "Dominica beats storm")]
    [InlineData("Republic of the Congo", "DR Congo and Kinshasa talks")]
    [InlineData("Democratic Republic of the Congo", "Congo-Brazzaville votes")]
    [InlineData("Sudan", "South Sudan and South Sudanese refugees")]
    [InlineData("Ireland", "Northern Ireland votes")]
    [InlineData("Turkey", "We ate turkey at home")]
    [InlineData("Chad", "the hanging chad problem")]
    [InlineData("United States", "Tell us what you think")]
    [InlineData("Georgia", "Floods in Atlanta, Georgia")]
    [InlineData("Jordan", "Michael Jordan retires again")]
    [InlineData("United States", "Latin America and South America")]
    [InlineData("India", "Storms over the Indian Ocean")]
    public void Match_LongerNamesAndCase_WinOverShorterAliases(string topic, string title)
    {
        Assert.Empty(Match(topic, title));
    }

    [Theory]
    [InlineData("Guinea", "Guinea's junta sets a vote date")]
    [InlineData("Niger", "Niger's junta expels envoy")]
    [InlineData("Democratic Republic of the Congo", "Fighting near Goma in eastern DR Congo")]
    [InlineData("Republic of the Congo", "Brazzaville hosts summit")]
    [InlineData("Georgia", "Protests in Tbilisi")]
    [InlineData("Chad", "Chad closes border")]
    [InlineData("Turkey", "Turkey closes border")]
    [InlineData("United Kingdom", "Northern Ireland votes")]
    public void Match_ShortNamesInTheirOwnRight_Match(string topic, string title)
    {
        Assert.Single(Match(topic, title));
    }

    [Theory]
    [InlineData("U.S.–North Korea", "U.S. and North Korean envoys met", "U.S.")]
    [InlineData("United States–North Korea", "The U.S. said Pyongyang must stop", "U.S.")]
    [InlineData("United States", "Washington said so", "Washington")]
    [InlineData("Saint Kitts and Nevis", "Rain in St. Kitts and Nevis", "St. Kitts and Nevis")]
    [InlineData("European Union", "Brussels warns Moscow", "Brussels")]
    [InlineData("Belgium", "Brussels warns Moscow", "Brussels")]
    [InlineData("Israel", "Israelis protest in Tel Aviv", "Israelis")]
    public void Match_AbbreviationsAndSharedAliases_Match(string topic, string title, string evidence)
    {
        var match = Assert.Single(Match(topic, title));

        Assert.Equal(evidence, match.Evidence[0]);
    }

    [Fact]
    public void Match_ResultList_CountEqualsEnumeratedAndIndexed()
    {
        var matcher = _compiler.Compile([new TopicSubscription(1, "Russia"), new TopicSubscription(2, "Russia"), new TopicSubscription(3, "Iran")]);

        var matches = matcher.Match(TopicTestArticles.Make("Putin and Khamenei talk"));

        Assert.Equal(3, matches.Count);
        Assert.Equal(matches.Select(m => m.ChatId), Enumerable.Range(0, matches.Count).Select(i => matches[i].ChatId));
        Assert.Same(matches[0].Evidence, matches[1].Evidence);
    }

    [Fact]
    public void Match_NoSubscriptions_MatchesNothing()
    {
        Assert.Empty(_compiler.Compile([]).Match(TopicTestArticles.Make("Putin speaks")));
    }

    [Fact]
    public void Match_EmptyArticle_MatchesNothing()
    {
        Assert.Empty(_compiler.Compile([new TopicSubscription(1, "Russia")]).Match(TopicTestArticles.Make(string.Empty)));
    }

    [Fact]
    public void Match_AmbiguousPhrase_MatchesInsideLongerNames()
    {
        Assert.Single(Match("Korea", "South Korea votes"));
        Assert.Single(Match("Korea", "North Korea fires missile"));
    }

    [Fact]
    public void Match_Phrase_IsWordBoundedAndDoesNotSpanSentences()
    {
        Assert.Single(Match("luxury cars", "News", "It bans Luxury-Cars exports."));
        Assert.Empty(Match("luxury cars", "News", "It bans luxury carsharing."));
        Assert.Empty(Match("luxury cars", "News", "It is a luxury. Cars are banned."));
    }

    [Theory]
    [InlineData("Russia NOT Ukraine", "Putin spoke about the economy", true)]
    [InlineData("Russia NOT Ukraine", "Putin spoke about Kyiv", false)]
    [InlineData("Russia -Ukraine", "Putin spoke about Kyiv", false)]
    [InlineData("Russia OR Ukraine", "Zelensky spoke", true)]
    [InlineData("(Russia OR China)–North Korea", "Xi Jinping met Kim Jong Un", true)]
    [InlineData("(Russia OR China)–North Korea", "Xi Jinping met Putin", false)]
    [InlineData("Russia AND (Ukraine OR NOT Belarus)", "Putin spoke", true)]
    [InlineData("Russia AND (Ukraine OR NOT Belarus)", "Putin met Lukashenko", false)]
    [InlineData("\"North Korea\"", "Pyongyang fires missile", false)]
    [InlineData("\"North Korea\"", "North Korea fires missile", true)]
    [InlineData("Putin \"luxury car\"", "Putin gave a luxury car", true)]
    public void Match_BooleanTopics_FollowTheExpression(string topic, string title, bool expected)
    {
        Assert.Equal(expected, Match(topic, title).Count == 1);
    }

    [Fact]
    public void Match_ExtraAliases_CountOnlyForTheirSubscription()
    {
        var extras = new Dictionary<string, IReadOnlyList<string>> { ["North Korea"] = ["Ri Sol Ju"] };
        var matcher = _compiler.Compile(
        [
            new TopicSubscription(1, "North Korea") { ExtraAliases = extras },
            new TopicSubscription(2, "North Korea"),
        ]);

        var matches = matcher.Match(TopicTestArticles.Make("Ri Sol-ju appears at a gala"));

        var match = Assert.Single(matches);
        Assert.Equal(1, match.ChatId);
        Assert.Equal(["Ri Sol-ju"], match.Evidence);
    }
}

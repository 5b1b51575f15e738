using SummaryBot.Core.Articles;

namespace SummaryBot.Tests.Articles;

/// <summary>Each plain-text boilerplate category, with real article sentences that look alike and must stay.</summary>
public sealed class BoilerplateRulesTests
{
    [Theory]
    [InlineData("Follow us on Twitter, Facebook and Instagram")]
    [InlineData("Join our WhatsApp channel for the latest news")]
    [InlineData("Follow Valmora Courier on X")]
    [InlineData("Updated 3:45 PM ET, Tue July 16, 2024")]
    [InlineData("Published 2 hours ago")]
    [InlineData("Last updated: 16 July 2024 15:45 BST")]
    [InlineData("(Reporting by Jane Doe; Editing by John Smith)")]
    [InlineData("Additional reporting by Lena Park in Seoul")]
    [InlineData("Sign up for our morning newsletter to get the day's top stories in your inbox.")]
    [InlineData("Get the headlines delivered to your inbox every morning")]
    [InlineData("Comments (12)")]
    [InlineData("12 comments")]
    [InlineData("View all comments")]
    [InlineData("Topics: Energy, Wind power, Skerry")]
    [InlineData("Tags: Russia, North Korea")]
    [InlineData("Listen to this article")]
    [InlineData("Listen to this story · 5 min")]
    [InlineData("5 min read")]
    [InlineData("July 16, 2024 · 4-minute read")]
    [InlineData("Reading time: 4 minutes")]
    [InlineData("We use cookies to improve your experience. By continuing to browse this site, you agree to our use of cookies.")]
    [InlineData("Accept all cookies")]
    [InlineData("Sign in to continue.")]
    [InlineData("Log in or register to read more")]
    public void IsFurniture_BoilerplateLine_True(string line)
    {
        Assert.True(BoilerplateRules.IsFurniture(line));
    }

    [Theory]
    [InlineData("Like many users on Facebook, she shared the video within minutes of the blast.")]
    [InlineData("Updated figures showed 3,000 homes without power on Tuesday.")]
    [InlineData("The newsletter, sent to two million readers, was cancelled.")]
    [InlineData("Regulators said websites must ask consent before using cookies.")]
    [InlineData("Listeners to the station called in to complain about the decision.")]
    [InlineData("The reporting by local media prompted an inquiry, officials said.")]
    [InlineData("Topics discussed at the summit included trade and the border.")]
    [InlineData("Registered voters in the three towns will decide on 9 June.")]
    public void IsFurniture_ArticleSentence_False(string sentence)
    {
        Assert.False(BoilerplateRules.IsFurniture(sentence));
    }

    [Theory]
    [InlineData("If you value our reporting, please consider making a contribution. Your support keeps independent journalism alive.")]
    [InlineData("Your support keeps this site free for everyone. Chip in today, or give monthly.")]
    public void IsAppeal_AppealInOtherWordings_True(string paragraph)
    {
        Assert.True(BoilerplateRules.IsAppeal(paragraph));
    }

    [Fact]
    public void IsAppeal_ReportedDonationNews_False()
    {
        Assert.False(BoilerplateRules.IsAppeal("“If you donate, your contribution is matched by the city,” the charity's director said."));
    }

    [Fact]
    public void RemoveInlineCredits_ReutersCreditAfterSentence_Removed()
    {
        Assert.Equal(
            "The regulator said the consortium must pay compensation.",
            BoilerplateRules.RemoveInlineCredits("The regulator said the consortium must pay compensation. (Reporting by Anna Lindqvist; Editing by Mark Doyle)"));
    }
}
